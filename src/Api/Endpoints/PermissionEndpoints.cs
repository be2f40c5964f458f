using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Endpoints;

/// <summary>Grants on experiments, registered models and workspaces (MLflow's basic-auth permission endpoints).</summary>
public static class PermissionEndpoints
{
    public static void MapPermissionEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var e = prefix.MapGroup("/mlflow/experiments/permissions").WithTags("Permissions").AddEndpointFilter(UserEndpoints.RequireAuthEnabled);
            e.MapPost("/create", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => RespondExperiment(await s.CreateExperimentAsync(
                f.RequiredString("experiment_id").Must(), f.RequiredString("username").Must(), f.RequiredString("permission").Must(), ct))))
                    .Shape<ExperimentPermissionRequestJson, ExperimentPermissionResponse>().Rule(AuthRule.Authenticated);
            e.MapGet("/get", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => RespondExperiment(await s.GetExperimentAsync(
                f.RequiredString("experiment_id").Must(), f.RequiredString("username").Must(), ct))))
                    .Shape<ExperimentPermissionRefJson, ExperimentPermissionResponse>().Rule(AuthRule.Authenticated);
            e.MapPatch("/update", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => Rpc.From(await s.UpdateExperimentAsync(
                f.RequiredString("experiment_id").Must(), f.RequiredString("username").Must(), f.RequiredString("permission").Must(), ct), _ => Rpc.Empty())))
                .Shape<ExperimentPermissionRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            e.MapDelete("/delete", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => Rpc.From(await s.DeleteExperimentAsync(
                f.RequiredString("experiment_id").Must(), f.RequiredString("username").Must(), ct))))
                    .Shape<ExperimentPermissionRefJson, EmptyResponse>().Rule(AuthRule.Authenticated);

            var m = prefix.MapGroup("/mlflow/registered-models/permissions").WithTags("Permissions").AddEndpointFilter(UserEndpoints.RequireAuthEnabled);
            m.MapPost("/create", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => RespondModel(await s.CreateModelAsync(
                f.RequiredString("name").Must(), f.RequiredString("username").Must(), f.RequiredString("permission").Must(), ct))))
                    .Shape<RegisteredModelPermissionRequestJson, RegisteredModelPermissionResponse>().Rule(AuthRule.Authenticated);
            m.MapGet("/get", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => RespondModel(await s.GetModelAsync(
                f.RequiredString("name").Must(), f.RequiredString("username").Must(), ct))))
                    .Shape<RegisteredModelPermissionRefJson, RegisteredModelPermissionResponse>().Rule(AuthRule.Authenticated);
            m.MapPatch("/update", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => Rpc.From(await s.UpdateModelAsync(
                f.RequiredString("name").Must(), f.RequiredString("username").Must(), f.RequiredString("permission").Must(), ct), _ => Rpc.Empty())))
                .Shape<RegisteredModelPermissionRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            m.MapDelete("/delete", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) => Rpc.From(await s.DeleteModelAsync(
                f.RequiredString("name").Must(), f.RequiredString("username").Must(), ct))))
                    .Shape<RegisteredModelPermissionRefJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
        foreach (var prefix in app.MlflowGroups(3))
        {
            // Workspace grants, a user's grants everywhere and the audit log name their workspace themselves.
            var w = prefix.MapGroup("/mlflow").WithTags("Permissions").Unscoped()
                .AddEndpointFilter(UserEndpoints.RequireAuthEnabled).AddEndpointFilter(WorkspaceEndpoints.RequireWorkspacesEnabled);
            w.MapGet("/workspaces/{workspaceName}/permissions", async (string workspaceName, GrantService s, CancellationToken ct) =>
                Rpc.From(await s.ListWorkspaceAsync(workspaceName, ct), list => Rpc.Json(
                    new WorkspacePermissionsResponse([.. list.Select(WorkspacePermissionJson.From)]), ApiJsonContext.Wire.WorkspacePermissionsResponse)))
                .Shape<WorkspacePermissionsResponse>().Rule(AuthRule.Authenticated);
            // No content type check: MLflow parses this body with force=True.
            w.MapPost("/workspaces/{workspaceName}/permissions", async (string workspaceName, HttpRequest r, GrantService s, ServerSettings settings, CancellationToken ct) =>
                await Rpc.HandleAsync(await ReadAnyBodyAsync(r, settings.MaxRequestBodyBytes, ct), async (f, ct) =>
                {
                    var set = await s.SetWorkspaceAsync(workspaceName, f.OptString("username").Must(), f.OptString("permission").Must(), ct);
                    return Rpc.From(set, g => Rpc.Json(new WorkspacePermissionResponse(WorkspacePermissionJson.From(g)), ApiJsonContext.Wire.WorkspacePermissionResponse));
                }, ct)).Shape<WorkspacePermissionRequestJson, WorkspacePermissionResponse>().Rule(AuthRule.Authenticated);
            w.MapDelete("/workspaces/{workspaceName}/permissions", (string workspaceName, HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var deleted = await s.DeleteWorkspaceAsync(workspaceName, f.OptString("username").Must(), ct);
                return deleted.IsSuccess ? Results.NoContent() : Errors.MlflowResults.Error(deleted.Error);
            })).Shape<UsernameRequestJson, EmptyResponse>(StatusCodes.Status204NoContent).Rule(AuthRule.Authenticated);
            w.MapGet("/workspace-permissions", (HttpRequest r, GrantService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.ListForUserAsync(f.RequiredString("username").Must(), ct), grants => Rpc.Json(
                    new WorkspacePermissionsResponse([.. grants.Select(WorkspacePermissionJson.From)]), ApiJsonContext.Wire.WorkspacePermissionsResponse))))
                .Shape<UsernameRequestJson, WorkspacePermissionsResponse>().Rule(AuthRule.Admin);
            w.MapGet("/audit-events", (HttpRequest r, AuditService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var page = await s.QueryAsync(new AuditQuery(f.OptString("workspace").Must(), f.OptString("actor").Must(), f.OptLong("from").Must(),
                    f.OptLong("to").Must(), f.OptLong("max_results").Must(), f.OptString("page_token").Must()), ct);
                return Rpc.From(page, p => Rpc.Json(new AuditEventsResponse(p.Events.Count == 0 ? null : p.Events.Select(e =>
                    new AuditEventJson(e.Id, e.Timestamp, e.Actor, e.Action, e.TargetType, e.Target, e.Workspace, e.Before, e.After)).ToList(), p.NextPageToken),
                    ApiJsonContext.Wire.AuditEventsResponse));
            })).Shape<AuditEventsRequestJson, AuditEventsResponse>().Rule(AuthRule.Admin);
        }
    }

    /// <summary>The body as JSON whatever its content type, within the server's body limit.</summary>
    private static async Task<Result<FieldReader>> ReadAnyBodyAsync(HttpRequest r, long limit, CancellationToken ct)
    {
        if (r.ContentLength > limit)
            return Error.BadRequest($"The request body exceeds the limit of {limit} bytes.");
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await r.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > limit)
                return Error.BadRequest($"The request body exceeds the limit of {limit} bytes.");
            copy.Write(buffer, 0, read);
        }
        var body = JsonBody.Parse(copy.ToArray());
        return body.IsSuccess ? body.Value.Reader : body.Error;
    }

    private static IResult RespondExperiment(Result<ExperimentGrant> result) => Rpc.From(result, g =>
        Rpc.Json(new ExperimentPermissionResponse(ExperimentPermissionJson.From(g)), ApiJsonContext.Wire.ExperimentPermissionResponse));

    private static IResult RespondModel(Result<RegisteredModelGrant> result) => Rpc.From(result, g =>
        Rpc.Json(new RegisteredModelPermissionResponse(RegisteredModelPermissionJson.From(g)), ApiJsonContext.Wire.RegisteredModelPermissionResponse));
}
