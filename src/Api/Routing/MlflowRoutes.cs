using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Workspaces.Api.Routing;

public static class MlflowRoutes
{
    /// <summary>
    /// Route groups for every prefix an MLflow RPC answers under: <c>/api/{N}.0</c> and
    /// <c>/ajax-api/{N}.0</c> for each given major version N.
    /// </summary>
    public static IEnumerable<RouteGroupBuilder> MlflowGroups(this IEndpointRouteBuilder app, params int[] versions)
    {
        foreach (var version in versions)
        {
            yield return app.MapGroup($"/api/{version}.0");
            yield return app.MapGroup($"/ajax-api/{version}.0");
        }
    }

    /// <summary>The AI Gateway's invocation routes: authenticated and bound to a workspace like the API, with their own error shape.</summary>
    public static bool IsGatewayPath(string? path) => path is not null && path.StartsWith("/gateway/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for paths served by the MLflow API: authenticated, bound to a workspace, errors as the MLflow envelope (except
    /// what the OTLP route writes itself). <c>/v1/traces</c> is MLflow's OTLP ingest at the server root.
    /// </summary>
    public static bool IsApiPath(string? path) =>
        path is not null
        && (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/ajax-api/", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/get-artifact", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/model-versions/get-artifact", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/v1/traces", StringComparison.OrdinalIgnoreCase));
}
