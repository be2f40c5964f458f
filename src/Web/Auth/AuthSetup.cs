using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Workspaces.Data.Auth;

namespace Workspaces.Web.Auth;

/// <summary>
/// Browser sign-in: a cookie session, filled either by the local login form or by OpenID Connect
/// (authorization code + PKCE). API callers use Basic or Bearer instead (ApiAuthenticationMiddleware).
/// </summary>
public static class AuthSetup
{
    public const string CookieName = ".Workspaces.Session";

    public static void AddBrowserAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var oidc = configuration.GetSection("Auth:Oidc").Get<OidcSettings>() ?? new OidcSettings();
        services.AddSingleton(oidc);
        var builder = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request is HTTPS, directly or as a trusted proxy reported it (ProxySetup).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.ExpireTimeSpan = SessionService.Lifetime;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        if (!oidc.IsConfigured)
            return;
        builder.AddOpenIdConnect(o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.CorrelationCookie.Name = ".Workspaces.Correlation.";
            o.NonceCookie.Name = ".Workspaces.Nonce.";
            o.Scope.Clear();
            foreach (var scope in oidc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                o.Scope.Add(scope);
            o.Events.OnTokenValidated = ProvisionAsync;
        });
    }

    /// <summary>First sign-in creates the account; the admin flag follows the configured group claim.</summary>
    private static async Task ProvisionAsync(TokenValidatedContext context)
    {
        var oidc = context.HttpContext.RequestServices.GetRequiredService<OidcSettings>();
        var identity = context.Principal!;
        var subject = identity.FindFirstValue("sub") ?? throw new InvalidOperationException("The identity provider sent no subject.");
        var username = identity.FindFirstValue(oidc.UsernameClaim) ?? identity.FindFirstValue("name") ?? subject;
        var isAdmin = oidc.AdminGroupValue is { Length: > 0 } group && identity.FindAll(oidc.AdminGroupClaim).Any(c => c.Value == group);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserService>();
        var user = await users.ProvisionExternalAsync(subject, username, isAdmin, context.HttpContext.RequestAborted);
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
        var sessionId = await sessions.CreateAsync(user.UserId, "oidc", context.HttpContext.RequestAborted);
        context.Principal = SessionPrincipal(user, "oidc", sessionId);
    }

    /// <summary>The claim naming the server-side session (<see cref="SessionService"/>).</summary>
    public const string SessionClaim = "sid";

    /// <summary>The cookie's identity: our user, whatever signed them in, and the session that sign-in opened.</summary>
    public static ClaimsPrincipal SessionPrincipal(Principal user, string method, string sessionId) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.Username),
            new Claim(ClaimTypes.NameIdentifier, user.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim("amr", method),
            new Claim(SessionClaim, sessionId),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>
    /// Every request with the cookie: its session must still exist on the server. A logged-out, password-changed or
    /// removed user's cookie is refused here (the API then answers 401, pages redirect to the login) and cleared.
    /// A cookie without a session claim predates server-side sessions and is refused too.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionService>();
        if (context.Principal is { } principal && await IsSessionActiveAsync(principal, sessions, context.HttpContext.RequestAborted))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>True when the principal names a session that still exists for its user.</summary>
    public static async Task<bool> IsSessionActiveAsync(ClaimsPrincipal principal, SessionService sessions, CancellationToken ct) =>
        principal.FindFirstValue(SessionClaim) is { } sessionId
        && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.CultureInfo.InvariantCulture, out var userId)
        && await sessions.IsActiveAsync(sessionId, userId, ct);

    public static void MapBrowserAuthEndpoints(this WebApplication app)
    {
        app.MapGet("/login/oidc", (string? returnUrl, OidcSettings oidc) => oidc.IsConfigured
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])
                : Results.NotFound())
            .AllowAnonymous();
        // The form's antiforgery token is checked by hand: the middleware only records the result, and only
        // form binding acts on it. Without the check a foreign page could sign people out.
        app.MapPost("/logout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            // The server forgets the session, so a copy of the cookie taken before logout is worthless.
            if (http.User.FindFirstValue(SessionClaim) is { } sessionId)
                await http.RequestServices.GetRequiredService<SessionService>().EndAsync(sessionId, http.RequestAborted);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        });
    }

    /// <summary>Only local paths: a login link must not send people elsewhere.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
