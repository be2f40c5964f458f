using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;

namespace Workspaces.Api.Endpoints;

/// <summary>The workspace catalog at <c>/api/3.0/mlflow/workspaces</c> (also 2.0 and the ajax-api prefixes).</summary>
public static class WorkspaceEndpoints
{
    public static void MapWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(3, 2))
        {
            var group = prefix.MapGroup("/mlflow/workspaces").WithTags("Workspaces").Unscoped().AddEndpointFilter(RequireWorkspacesEnabled);
            group.MapGet("", ListAsync).Shape<ListWorkspacesResponse>().Rule(AuthRule.Authenticated);
            group.MapPost("", CreateAsync).Shape<CreateWorkspaceRequestJson, WorkspaceResponse>(StatusCodes.Status201Created).Rule(AuthRule.Admin);
            group.MapGet("/{workspaceName}", GetAsync).Shape<WorkspaceResponse>().Rule(AuthRule.Authenticated);
            group.MapPatch("/{workspaceName}", UpdateAsync).Shape<UpdateWorkspaceRequestJson, WorkspaceResponse>().Rule(AuthRule.Admin);
            group.MapDelete("/{workspaceName}", DeleteAsync).Query<DeleteWorkspaceRequestJson>().Produces(StatusCodes.Status204NoContent).Rule(AuthRule.Admin);
        }
    }

    private static async Task<IResult> ListAsync(WorkspaceService service, CancellationToken ct)
    {
        var list = await service.ListAsync(ct);
        var json = list.Count == 0 ? null : list.Select(WorkspaceJson.From).ToList();
        return Results.Json(new ListWorkspacesResponse(json), ApiJsonContext.Wire.ListWorkspacesResponse);
    }

    private static async Task<IResult> GetAsync(string workspaceName, WorkspaceService service, CancellationToken ct) =>
        Respond(await service.GetAsync(workspaceName, ct), StatusCodes.Status200OK);

    private static async Task<IResult> CreateAsync(HttpRequest request, WorkspaceService service, ServerSettings settings, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, settings.MaxRequestBodyBytes, ct);
        if (!body.IsSuccess)
            return MlflowResults.Error(body.Error);
        var name = body.Value.Reader.OptString("name");
        var description = body.Value.Reader.OptString("description");
        var root = body.Value.Reader.OptString("default_artifact_root");
        if (FirstError(name.Error, description.Error, root.Error) is { } invalid)
            return MlflowResults.Error(invalid);
        var created = await service.CreateAsync(new CreateWorkspace(name.Value, description.Value, root.Value), ct);
        return Respond(created, StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(
        string workspaceName, HttpRequest request, WorkspaceService service, ServerSettings settings, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, settings.MaxRequestBodyBytes, ct);
        if (!body.IsSuccess)
            return MlflowResults.Error(body.Error);
        var description = body.Value.Reader.OptString("description");
        var root = body.Value.Reader.OptString("default_artifact_root");
        if (FirstError(description.Error, root.Error) is { } invalid)
            return MlflowResults.Error(invalid);
        var updated = await service.UpdateAsync(new UpdateWorkspace(workspaceName, description.Value, root.Value), ct);
        return Respond(updated, StatusCodes.Status200OK);
    }

    private static async Task<IResult> DeleteAsync(string workspaceName, HttpRequest request, WorkspaceService service, CancellationToken ct)
    {
        var mode = request.Query.TryGetValue("mode", out var values) ? values.ToString() : null;
        var result = await service.DeleteAsync(workspaceName, mode, ct);
        return result.IsSuccess ? Results.NoContent() : MlflowResults.Error(result.Error);
    }

    private static IResult Respond(Result<WorkspaceInfo> result, int status) => result.IsSuccess
        ? Results.Json(new WorkspaceResponse(WorkspaceJson.From(result.Value)), ApiJsonContext.Wire.WorkspaceResponse, statusCode: status)
        : MlflowResults.Error(result.Error);

    private static Error? FirstError(params Error?[] errors) => errors.FirstOrDefault(e => e is not null);

    /// <summary>With workspaces off the catalog does not exist: 404, where MLflow answers a retried 503.</summary>
    internal static async ValueTask<object?> RequireWorkspacesEnabled(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = context.HttpContext.RequestServices.GetService(typeof(ServerSettings)) as ServerSettings;
        if (settings is { EnableWorkspaces: false })
        {
            return MlflowResults.Error(ErrorCode.EndpointNotFound,
                $"Endpoint: {context.HttpContext.Request.Path} disabled because the server is running without workspaces support. "
                + "To enable workspaces, start the server with `--enable-workspaces`.");
        }
        return await next(context);
    }
}
