using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Workspaces.Tests.E2E;

/// <summary>
/// A real OpenID Connect provider (OpenIddict: discovery, authorization code + PKCE, signed id_token) on its
/// own loopback port inside the test process, with a one-field login form. Ticking "admin" puts the user in
/// <see cref="AdminGroup"/> through the <c>groups</c> claim.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string AdminGroup = "workspaces-admins";

    // Cookies are per host, not per port: the IdP's session must not overwrite the app's on 127.0.0.1.
    private const string CookieName = "idp.session";

    private readonly SqliteConnection _connection;
    private readonly WebApplication _app;

    private TestIdentityProvider(SqliteConnection connection, WebApplication app)
    {
        _connection = connection;
        _app = app;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Authority = $"http://127.0.0.1:{address.Port}/";
    }

    public string Authority { get; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // appsettings.json (copied from the host) says Information by default, which would bury a failing test's
        // output under OpenIddict's request dumps; configuration rules beat SetMinimumLevel, so override them there.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:OpenIddict"] = "Warning" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<IdpDb>(o => o.UseSqlite(connection).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdpDb>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile);
                // Plain http on loopback is the point of a test provider; never in production.
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.LoginPath = "/account/login";
            });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/account/login", (string? returnUrl) => Results.Content(LoginForm(returnUrl ?? "/"), "text/html"));
        app.MapPost("/account/login", (Delegate)SignInAsync);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizeAsync);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IdpDb>().Database.EnsureCreatedAsync();
        await app.StartAsync();
        return new TestIdentityProvider(connection, app);
    }

    /// <summary>Registers the app as a confidential client; the redirect URI must match the app's exactly.</summary>
    public async Task RegisterClientAsync(string clientId, string clientSecret, string appBaseUrl)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { new Uri(appBaseUrl.TrimEnd('/') + "/signin-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    private static async Task<IResult> SignInAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var name = form["username"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        if (string.IsNullOrWhiteSpace(name) || !returnUrl.StartsWith('/'))
            return Results.BadRequest();
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        if (form["admin"] == "on")
            claims.Add(new Claim("groups", AdminGroup));
        await http.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (!session.Succeeded)
        {
            // Back to this very request once the user has signed in.
            var query = http.Request.HasFormContentType ? QueryString.Create(await http.Request.ReadFormAsync()) : http.Request.QueryString;
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.Path + query });
        }
        var name = session.Principal.Identity!.Name!;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, "idp-" + name).SetClaim(Claims.Name, name).SetClaim(Claims.PreferredUsername, name);
        foreach (var group in session.Principal.FindAll("groups"))
            identity.AddClaim(new Claim("groups", group.Value));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static string LoginForm(string returnUrl) => $"""
        <!doctype html>
        <html><head><title>Test identity provider</title></head><body>
        <h1>Test identity provider</h1>
        <form method="post" action="/account/login">
          <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl)}">
          <label>User name <input id="idp-username" name="username"></label>
          <label><input id="idp-admin" type="checkbox" name="admin"> admin</label>
          <button id="idp-signin" type="submit">Sign in</button>
        </form>
        </body></html>
        """;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed class IdpDb(DbContextOptions<IdpDb> options) : DbContext(options);
}
