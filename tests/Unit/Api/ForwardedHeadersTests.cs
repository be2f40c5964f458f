using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Behind a reverse proxy at 10.0.0.5 that terminates TLS.</summary>
public sealed class TrustedProxyProfile : ISettingsProfile
{
    public const string Proxy = "10.0.0.5";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:Enabled"] = "true",
        ["Auth:AdminPassword"] = AuthProfile.AdminPassword,
        ["Auth:MaxFailedLogins"] = "1000",
        ["Server:ForwardedHeaders"] = "true",
        ["Server:KnownProxies"] = $"{Proxy}, 192.168.50.0/24",
    };
}

/// <summary>
/// The session cookie is Secure when the request is HTTPS as a configured proxy reports it; anyone else's
/// X-Forwarded-Proto is ignored (issue: security §5).
/// </summary>
public sealed class ForwardedHeadersTests(ApiFixture<SqliteDb, TrustedProxyProfile> fixture) : IClassFixture<ApiFixture<SqliteDb, TrustedProxyProfile>>
{
    private static readonly Dictionary<string, string> ViaTls = new() { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "203.0.113.7" };

    private async Task<string> SessionSetCookieAsync(string remote, Dictionary<string, string>? headers)
    {
        var browser = new TestBrowser(fixture.Services, IPAddress.Parse(remote));
        var response = await browser.PostLoginAsync("admin", AuthProfile.AdminPassword, await browser.AntiforgeryAsync("/login"), headers);
        return response.SetCookie(TestBrowser.SessionCookie) ?? throw new InvalidOperationException($"no session cookie: {response.Status}");
    }

    [Theory]
    [InlineData(TrustedProxyProfile.Proxy)]
    [InlineData("192.168.50.9")] // inside a configured range
    public async Task Https_reported_by_a_known_proxy_makes_the_cookie_secure(string proxy) =>
        Assert.Contains("; secure", await SessionSetCookieAsync(proxy, ViaTls), StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("10.0.0.9")]
    [InlineData("127.0.0.1")] // ASP.NET's default (loopback) is replaced by the configured list
    public async Task Https_claimed_by_anyone_else_is_ignored(string remote) =>
        Assert.DoesNotContain("secure", await SessionSetCookieAsync(remote, ViaTls), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task Plain_http_through_the_proxy_is_not_secure() =>
        Assert.DoesNotContain("secure", await SessionSetCookieAsync(TrustedProxyProfile.Proxy, null), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task Same_origin_is_judged_on_the_forwarded_scheme()
    {
        var cookie = (await SessionSetCookieAsync(TrustedProxyProfile.Proxy, ViaTls)).Split(';')[0];
        var browser = new TestBrowser(fixture.Services, IPAddress.Parse(TrustedProxyProfile.Proxy));
        async Task<int> CreateAsync(string origin) => (await browser.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", [cookie],
            new Dictionary<string, string>(ViaTls) { ["Origin"] = origin }, json: $$"""{"name":"fw-{{Guid.NewGuid():N}}"}""")).Status;
        Assert.Equal(200, await CreateAsync("https://localhost"));
        Assert.Equal(403, await CreateAsync("http://localhost"));
    }
}
