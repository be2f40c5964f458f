using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Endpoints;
using Workspaces.Api.Errors;
using Workspaces.Api.Middleware;
using Workspaces.Data.Errors;

namespace Workspaces.Api;

public static class ApiApplicationExtensions
{
    /// <summary>Error envelope and workspace binding; call before routing-dependent middleware.</summary>
    public static IApplicationBuilder UseMlflowApi(this IApplicationBuilder app) =>
        app.UseMiddleware<ErrorHandlingMiddleware>().UseMiddleware<WorkspaceResolutionMiddleware>();

    /// <summary>Every MLflow endpoint group, plus the JSON 404 for unknown API paths.</summary>
    public static IEndpointRouteBuilder MapMlflowApi(this IEndpointRouteBuilder app)
    {
        app.MapServerInfo();
        app.MapWorkspaceEndpoints();
        app.MapExperimentEndpoints();
        app.MapRunEndpoints();
        app.MapMetricEndpoints();
        app.MapLoggedModelEndpoints();
        app.MapRegistryEndpoints();
        app.MapModelVersionEndpoints();
        foreach (var prefix in new[] { "/api/{**path}", "/ajax-api/{**path}" })
        {
            app.MapFallback(prefix, (HttpRequest request) => MlflowResults.Error(ErrorCode.EndpointNotFound,
                $"No API endpoint matches {request.Method} {request.Path}."));
        }
        return app;
    }
}
