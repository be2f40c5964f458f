using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Data.Auth;

namespace Workspaces.Api.Auth;

/// <summary>
/// Applies the endpoint's route class after routing: admin routes refuse everyone else with MLflow's 403; an API route
/// without a class is refused (fail closed). Nothing here looks at resources — the services decide hidden-404 vs 403.
/// </summary>
public sealed class ApiAuthorizationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AuthSettings settings, AccessContext access)
    {
        var endpoint = http.GetEndpoint();
        if (!settings.Enabled || endpoint is null || !access.AuthEnabled || access.IsAdmin)
        {
            await next(http);
            return;
        }
        var rule = endpoint.Metadata.GetMetadata<AuthRule>();
        if (rule is null)
        {
            if (endpoint is RouteEndpoint route && Routing.MlflowRoutes.IsApiPath("/" + route.RoutePattern.RawText?.TrimStart('/')))
            {
                await AuthResponses.WriteForbiddenAsync(http); // fail closed: an API route without a class is a bug
                return;
            }
            await next(http);
            return;
        }
        if (rule.Kind == RuleKind.Admin)
        {
            await AuthResponses.WriteForbiddenAsync(http);
            return;
        }
        await next(http);
    }
}
