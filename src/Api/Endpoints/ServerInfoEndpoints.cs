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
/// Health, MLflow's version probe and the capability probe, without credentials or a workspace. <c>/health</c> and <c>/health/live</c> say the
/// process is up (no database); <c>/health/ready</c> runs <see cref="ReadinessCheck"/> and answers 503 while any check fails.
/// </summary>
public static class ServerInfoEndpoints
{
    /// <summary>The MLflow release whose REST contract this server implements (SPEC: 3.10/3.11).</summary>
    public const string MlflowVersion = "3.11.0";

    public static void MapServerInfo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Text("OK", "text/plain")).WithTags("Server").Produces<string>(StatusCodes.Status200OK, "text/plain").Rule(AuthRule.Public);
        app.MapGet("/health/live", () => Results.Text("OK", "text/plain")).WithTags("Server").Produces<string>(StatusCodes.Status200OK, "text/plain").Rule(AuthRule.Public);
        // MLflow's version probe: the Python client (3.4+) sends spans to POST /v1/traces only when this answers a
        // version of at least 3.4 (otherwise it uploads traces.json as an artifact instead). The release line whose
        // wire contract this server speaks; public like /health, since the client probes it before any credentials matter.
        app.MapGet("/version", () => Results.Text(MlflowVersion, "text/plain")).WithTags("Server").Produces<string>(StatusCodes.Status200OK, "text/plain").Rule(AuthRule.Public);
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
