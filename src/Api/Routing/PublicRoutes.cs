using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Workspaces.Api.Routing;

/// <summary>
/// The only API routes answered without credentials and without a workspace (SPEC §6). A request is public when
/// routing chose one of these endpoints for its method — never because its path starts or ends like one, which is
/// how a suffix check once let <c>…/artifacts/x/mlflow/server-info</c> through anonymously. The browser's public
/// routes (login page, OIDC callback, static files) are the UI's <c>AllowAnonymous</c> endpoints.
/// </summary>
public static class PublicRoutes
{
    public static readonly IReadOnlySet<(string Method, string Template)> All = new HashSet<(string, string)>
    {
        ("GET", "/health"),
        ("GET", "/health/live"),
        ("GET", "/version"),
        ("GET", "/health/ready"),
        ("GET", "/api/3.0/mlflow/server-info"),
        ("GET", "/ajax-api/3.0/mlflow/server-info"),
    };

    /// <summary>True when routing matched a public endpoint for this request's method.</summary>
    public static bool Matches(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint endpoint && Template(endpoint) is { } template
        && All.Contains((http.Request.Method.ToUpperInvariant(), template))
        && (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase) ?? false);

    /// <summary>The endpoint's whole route template, with a leading slash.</summary>
    public static string? Template(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText is { } raw ? "/" + raw.TrimStart('/') : null;
}
