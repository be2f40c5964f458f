using Microsoft.AspNetCore.Http;
using Workspaces.Api.Errors;
using Workspaces.Api.Routing;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;

namespace Workspaces.Api.Middleware;

/// <summary>
/// Binds every API request to one workspace from the <c>X-MLFLOW-WORKSPACE</c> header before any
/// endpoint runs (SPEC §5); the scoped <see cref="WorkspaceContext"/> then drives the query filters.
/// </summary>
public sealed class WorkspaceResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, WorkspaceResolver resolver, WorkspaceContext context)
    {
        var path = http.Request.Path.Value ?? "";
        if (!(MlflowRoutes.IsApiPath(path) || MlflowRoutes.IsGatewayPath(path)) || PublicRoutes.Matches(http))
        {
            await next(http);
            return;
        }
        var header = http.Request.Headers[WorkspaceNames.Header];
        var resolved = await resolver.ResolveAsync(header.Count == 0 ? null : header.ToString(), http.RequestAborted);
        if (!resolved.IsSuccess)
        {
            await MlflowResults.WriteAsync(http, resolved.Error);
            return;
        }
        if (resolved.Value is { } workspace)
            context.Bind(workspace);
        else if (!WorkspaceUnscoped.Matches(http))
        {
            // No header and a provider without a default workspace: MLflow's store refuses such calls with this 400.
            await MlflowResults.WriteAsync(http, WorkspaceResolver.ActiveWorkspaceRequired);
            return;
        }
        await next(http);
    }
}
