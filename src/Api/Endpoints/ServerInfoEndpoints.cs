using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Routing;
using Workspaces.Data;
using Workspaces.Data.Schema;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// Health and the capability probe, without credentials or a workspace. <c>/health</c> and <c>/health/live</c> say the
/// process is up (no database); <c>/health/ready</c> runs <see cref="ReadinessCheck"/> and answers 503 while any check fails.
/// </summary>
public static class ServerInfoEndpoints
{
    public static void MapServerInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Text("OK", "text/plain")).WithTags("Server").Produces<string>(StatusCodes.Status200OK, "text/plain").Rule(AuthRule.Public);
        app.MapGet("/health/live", () => Results.Text("OK", "text/plain")).WithTags("Server").Produces<string>(StatusCodes.Status200OK, "text/plain").Rule(AuthRule.Public);
        app.MapGet("/health/ready", async (ReadinessCheck check, CancellationToken ct) =>
        {
            var items = await check.RunAsync(ct);
            var ready = items.All(i => i.Ok);
            var body = new ReadinessResponse(ready ? "ready" : "not ready", items.ToDictionary(i => i.Name, i => i.Ok ? "ok" : i.Problem ?? "failed"));
            return Results.Json(body, ApiJsonContext.Wire.ReadinessResponse, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).WithTags("Server").Shape<ReadinessResponse>().Produces<ReadinessResponse>(StatusCodes.Status503ServiceUnavailable).Rule(AuthRule.Public);
        foreach (var group in app.MlflowGroups(3))
        {
            group.MapGet("/mlflow/server-info", (ServerSettings settings) =>
                    Results.Json(new ServerInfoResponse("SqlStore", settings.EnableWorkspaces), ApiJsonContext.Wire.ServerInfoResponse))
                .WithTags("Server").Shape<ServerInfoResponse>().Rule(AuthRule.Public);
        }
    }
}
