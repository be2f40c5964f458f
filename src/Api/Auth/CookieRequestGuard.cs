using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Workspaces.Api.Auth;

/// <summary>
/// Cross-site request forgery guard for API calls authenticated by the browser's sign-in cookie. The browser
/// attaches the cookie to requests any page makes (SameSite=Lax still lets some through, and same-site is not
/// same-origin), so a state-changing call must prove it comes from our own pages: a same-origin <c>Origin</c>,
/// failing that a same-origin <c>Referer</c>, or a valid antiforgery header. Basic and Bearer callers never get
/// here: a foreign page cannot make the browser send those.
/// </summary>
public static class CookieRequestGuard
{
    public static async Task<bool> IsAllowedAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return true;
        var header = http.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName;
        if (header is not null && request.Headers.ContainsKey(header)
            && await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            return true;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
            return IsSameOrigin(origin, request);
        // Browsers always send Origin on cross-origin POST, PUT, PATCH and DELETE (and on same-origin ones from
        // fetch), so a missing Origin is an old browser or a non-browser client; the Referer still tells where
        // the request came from. With neither there is no proof at all, and the request is refused.
        var referer = request.Headers.Referer.ToString();
        return referer.Length > 0 && IsSameOrigin(referer, request);
    }

    /// <summary>
    /// <paramref name="url"/>'s scheme://host:port equals the request's, as seen after the forwarded-headers
    /// middleware (so behind a trusted TLS proxy the request's scheme is https). "null" origins never match.
    /// </summary>
    public static bool IsSameOrigin(string url, HttpRequest request)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return false;
        var port = request.Host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == port;
    }
}
