using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Web.Auth;

namespace Workspaces.Tests.Unit.Infrastructure;

public sealed record BrowserResponse(int Status, string Body, IReadOnlyList<string> SetCookies, string? Location)
{
    /// <summary>The <c>name=value</c> part of the cookie set under <paramref name="prefix"/>, or null.</summary>
    public string? Cookie(string prefix) => SetCookies.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Select(c => c.Split(';')[0]).FirstOrDefault();

    /// <summary>The whole Set-Cookie line of the cookie named <paramref name="prefix"/>…, with its attributes.</summary>
    public string? SetCookie(string prefix) => SetCookies.FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal));
}

/// <summary>
/// A browser against the in-process host, driven at the HttpContext level so a test controls what a real client
/// cannot fake through HttpClient: the connection's remote address (a proxy or not). It keeps no cookies; tests
/// pass them explicitly, which is what "reuse a captured cookie" needs.
/// </summary>
public sealed partial class TestBrowser(IServiceProvider services, IPAddress? remote = null)
{
    public const string AntiforgeryCookie = ".AspNetCore.Antiforgery";
    public static readonly string SessionCookie = AuthSetup.CookieName + "=";

    private TestServer Server => (TestServer)services.GetRequiredService<IServer>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<BrowserResponse> SendAsync(HttpMethod method, string url, IEnumerable<string?>? cookies = null,
        IReadOnlyDictionary<string, string>? headers = null, IReadOnlyDictionary<string, string>? form = null, string? json = null)
    {
        var context = await Server.SendAsync(c =>
        {
            var query = url.IndexOf('?', StringComparison.Ordinal);
            c.Request.Method = method.Method;
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("localhost");
            c.Request.Path = query < 0 ? url : url[..query];
            c.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(url[query..]);
            if (remote is not null)
                c.Connection.RemoteIpAddress = remote;
            var jar = (cookies ?? []).Where(x => x is not null).ToList();
            if (jar.Count > 0)
                c.Request.Headers.Cookie = string.Join("; ", jar);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                c.Request.Headers[name] = value;
            byte[]? body = null;
            if (form is not null)
            {
                body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
                c.Request.ContentType = "application/x-www-form-urlencoded";
            }
            else if (json is not null)
            {
                body = Encoding.UTF8.GetBytes(json);
                c.Request.ContentType = "application/json";
            }
            if (body is not null)
            {
                c.Request.Body = new MemoryStream(body);
                c.Request.ContentLength = body.Length;
            }
        }, Ct);
        using var reader = new StreamReader(context.Response.Body);
        var text = await reader.ReadToEndAsync(Ct);
        return new BrowserResponse(context.Response.StatusCode, text, context.Response.Headers.SetCookie.Select(v => v!).ToList(),
            context.Response.Headers.Location.FirstOrDefault());
    }

    /// <summary>The antiforgery field of a page's form and the cookie it pairs with (the one sent, or a new one).</summary>
    public async Task<(string Token, string Cookie)> AntiforgeryAsync(string url, params string?[] cookies)
    {
        var page = await SendAsync(HttpMethod.Get, url, cookies);
        Assert.True(page.Status == 200, $"GET {url}: {page.Status}");
        var token = TokenField().Match(page.Body);
        Assert.True(token.Success, $"no antiforgery field on {url}");
        var cookie = page.Cookie(AntiforgeryCookie) ?? cookies.FirstOrDefault(c => c?.StartsWith(AntiforgeryCookie, StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException("no antiforgery cookie");
        return (WebUtility.HtmlDecode(token.Groups[1].Value), cookie);
    }

    /// <summary>Posts the login form as a browser would; returns the response (a redirect and the session cookie when it worked).</summary>
    public async Task<BrowserResponse> PostLoginAsync(string username, string password, (string Token, string Cookie) antiforgery,
        IReadOnlyDictionary<string, string>? headers = null) =>
        await SendAsync(HttpMethod.Post, "/login", [antiforgery.Cookie], headers, new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = antiforgery.Token,
            ["Input.Username"] = username,
            ["Input.Password"] = password,
        });

    /// <summary>Signs in through the login form and returns the session cookie (<c>name=value</c>).</summary>
    public async Task<string> LoginAsync(string username, string password)
    {
        var response = await PostLoginAsync(username, password, await AntiforgeryAsync("/login"));
        return response.Cookie(SessionCookie) ?? throw new InvalidOperationException($"login of {username} failed: {response.Status}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
