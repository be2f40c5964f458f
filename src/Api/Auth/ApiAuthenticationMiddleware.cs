using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http;
using Workspaces.Api.Errors;
using Workspaces.Api.Routing;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Auth;

/// <summary>
/// Authenticates API calls when auth is on: HTTP Basic (MLFLOW_TRACKING_USERNAME/PASSWORD), a personal
/// access token as <c>Bearer</c> (MLFLOW_TRACKING_TOKEN), or the browser's sign-in cookie. Repeated
/// failures for one user or address answer 429 for a while. The result binds <see cref="AccessContext"/>.
/// </summary>
public sealed class ApiAuthenticationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AuthSettings settings, AccessContext access, UserService users, TokenService tokens, LoginThrottle throttle)
    {
        var path = http.Request.Path.Value ?? "";
        if (!settings.Enabled)
        {
            access.Bind(false, null, null, false);
            await next(http);
            return;
        }
        var apiEndpoint = MlflowRoutes.IsApiPath(path) || http.GetEndpoint()?.Metadata.GetMetadata<AuthRule>() is not null;
        if (!apiEndpoint || PublicRoutes.Matches(http))
        {
            await next(http);
            return;
        }
        var principal = await AuthenticateAsync(http, users, tokens, throttle);
        if (principal.Error is { Code: ErrorCode.PermissionDenied })
        {
            await AuthResponses.WriteForbiddenAsync(http);
            return;
        }
        if (principal.Error is { } error)
        {
            await MlflowResults.WriteAsync(http, error);
            return;
        }
        if (principal.Value is not { } user)
        {
            await AuthResponses.WriteUnauthenticatedAsync(http);
            return;
        }
        access.Bind(true, user.UserId, user.Username, user.IsAdmin);
        await next(http);
    }

    private static async Task<Result<Principal?>> AuthenticateAsync(HttpContext http, UserService users, TokenService tokens, LoginThrottle throttle)
    {
        var ct = http.RequestAborted;
        var header = http.Request.Headers.Authorization.ToString();
        if (AuthenticationHeaderValue.TryParse(header, out var parsed) && parsed.Parameter is { } credential)
        {
            if (string.Equals(parsed.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
                return await tokens.ValidateAsync(credential.Trim(), ct);
            if (string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && Decode(credential) is var (username, password))
            {
                if (users.RecentlyVerified(username, password) is { } recent)
                    return recent;
                // The attempt is counted before the password is checked, so parallel guesses cannot outrun the limit.
                var attempt = await throttle.ReserveAsync(username, http.Connection.RemoteIpAddress?.ToString(), ct);
                if (attempt.LockedForSeconds is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return new Error(ErrorCode.RequestLimitExceeded, "Too many failed sign-in attempts. Try again later.");
                }
                var user = await users.AuthenticateAsync(username, password, ct);
                if (user is not null)
                    await throttle.SucceededAsync(attempt, ct);
                return user;
            }
            return Result<Principal?>.Success(null);
        }
        // A browser signed in to the UI may call the API with its cookie.
        // The cookie's server-side session was checked when it was read (AuthSetup); here only forgery is.
        if (http.User.Identity is { IsAuthenticated: true } && http.User.FindFirstValue(ClaimTypes.Name) is { } name)
        {
            if (!await CookieRequestGuard.IsAllowedAsync(http))
                return Authorizer.Forbidden;
            return await users.FindAsync(name, ct);
        }
        return Result<Principal?>.Success(null);
    }

    private static (string Username, string Password)? Decode(string credential)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
