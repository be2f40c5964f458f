using Microsoft.AspNetCore.Routing.Patterns;
using Workspaces.Api.Routing;

namespace Workspaces.Web.Hosting;

/// <summary>
/// The UI's catch-all page (<c>@page "/{*path}"</c>, the designed "not found" page) must not take the paths the API
/// and the gateway answer themselves: their unknown paths keep the MLflow JSON 404. Blazor gives every page endpoint
/// order 0, ahead of the API's fallback whatever a convention sets, so the catch-all's pattern gets a constraint instead.
/// </summary>
public static class NotFoundRoute
{
    public static void KeepServicePathsOut(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern: { PathSegments.Count: 1, Parameters: [{ IsCatchAll: true } parameter] } pattern } route)
        {
            route.RoutePattern = RoutePatternFactory.Parse(pattern.RawText!, defaults: null,
                parameterPolicies: new RouteValueDictionary { [parameter.Name] = new NotServicePath() });
            // Reading only: a POST to a GET-only API path must stay the framework's 405, not become this page's 404
            // (the last method metadata wins over the GET/POST every page gets).
            route.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        }
    }

    private sealed class NotServicePath : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
        {
            var path = "/" + values[routeKey];
            return !MlflowRoutes.IsApiPath(path) && !MlflowRoutes.IsGatewayPath(path);
        }
    }
}
