using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Endpoints;
using Workspaces.Api.Errors;
using Workspaces.Api.Middleware;
using Workspaces.Data.Errors;

namespace Workspaces.Api;

public static class ApiApplicationExtensions
{
    /// <summary>
    /// Caller authentication, then workspace binding (credentials first: an unauthenticated caller learns nothing
    /// about which workspaces exist). Call after routing: public routes are recognised by the matched endpoint.
    /// </summary>
    public static IApplicationBuilder UseMlflowApi(this IApplicationBuilder app) =>
        app.UseMiddleware<RawPathGuard>().UseMiddleware<ApiAuthenticationMiddleware>().UseMiddleware<WorkspaceResolutionMiddleware>();

    /// <summary>The MLflow error envelope for everything after it; call first.</summary>
    public static IApplicationBuilder UseMlflowErrors(this IApplicationBuilder app) => app.UseMiddleware<ErrorHandlingMiddleware>();

    /// <summary>Per-endpoint authorization rules; call after routing, before the endpoints run.</summary>
    public static IApplicationBuilder UseMlflowAuthorization(this IApplicationBuilder app) => app.UseMiddleware<ApiAuthorizationMiddleware>();

    /// <summary>
    /// Every MLflow endpoint group, plus the JSON 404 for unknown API paths (for signed-in callers only: an anonymous
    /// probe of any API path gets the same 401, so paths reveal nothing).
    /// </summary>
    public static IEndpointRouteBuilder MapMlflowApi(this IEndpointRouteBuilder app)
    {
        app.MapServerInfo();
        app.MapWorkspaceEndpoints();
        app.MapExperimentEndpoints();
        app.MapRunEndpoints();
        app.MapMetricEndpoints();
        app.MapLoggedModelEndpoints();
        app.MapTraceEndpoints();
        app.MapAssessmentEndpoints();
        app.MapArtifactEndpoints();
        app.MapRunArtifactEndpoints();
        app.MapRegistryEndpoints();
        app.MapModelVersionEndpoints();
        app.MapUserEndpoints();
        app.MapPermissionEndpoints();
        app.MapGatewayResourceEndpoints();
        app.MapGatewayRouteEndpoints();
        app.MapGatewayPermissionEndpoints();
        app.MapGatewayInvocationEndpoints();
        app.MapGatewayHelperEndpoints();
        foreach (var prefix in new[] { "/api/{**path}", "/ajax-api/{**path}" })
        {
            app.MapFallback(prefix, (HttpRequest request) => MlflowResults.Error(ErrorCode.EndpointNotFound,
                $"No API endpoint matches {request.Method} {request.Path}.")).Rule(AuthRule.Authenticated);
        }
        return app;
    }
}
