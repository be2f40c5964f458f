using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Routing;
using Workspaces.Data;

namespace Workspaces.Api.Endpoints;

/// <summary>Health and the capability probe; both answer without the database and without a workspace.</summary>
public static class ServerInfoEndpoints
{
    public static void MapServerInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Text("OK", "text/plain")).WithTags("Server").Rule(AuthRule.Public);
        foreach (var group in app.MlflowGroups(3))
        {
            group.MapGet("/mlflow/server-info", (ServerSettings settings) =>
                    Results.Json(new ServerInfoResponse("SqlStore", settings.EnableWorkspaces), ApiJsonContext.Wire.ServerInfoResponse))
                .WithTags("Server").Rule(AuthRule.Public);
        }
    }
}
