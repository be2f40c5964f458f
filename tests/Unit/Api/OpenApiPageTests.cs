using System.Net;
using System.Text.RegularExpressions;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The browsable page at <c>/openapi</c> (Swagger UI): public with auth on, not taken by the UI's catch-all page, and every
/// script and style it loads comes from this server (CI and users may be offline). SQLite only: no data is involved.
/// </summary>
public sealed partial class OpenApiPageTests(ApiFixture<SqliteDb, AuthProfile> fixture) : IClassFixture<ApiFixture<SqliteDb, AuthProfile>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_answers_without_credentials_and_loads_its_scripts_and_styles_from_this_server()
    {
        using var page = await fixture.Client.GetAsync("/openapi", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
        var address = page.RequestMessage!.RequestUri!;
        Assert.Equal("/openapi/index.html", address.AbsolutePath);
        var assets = Asset().Matches(html).Select(m => new Uri(address, m.Groups[1].Value)).ToList();
        Assert.Contains(assets, a => a.AbsolutePath.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.AbsolutePath.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            Assert.Equal(address.Authority, asset.Authority); // nothing from a CDN
            using var response = await fixture.Client.GetAsync(asset, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} → {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_page_reads_the_document_next_to_it()
    {
        var script = await fixture.Client.GetStringAsync("/openapi/index.js", Ct);

        Assert.Contains("\"url\":\"v1.json\"", script, StringComparison.Ordinal);
        using var document = await fixture.Client.GetAsync(new Uri(new Uri(fixture.Client.BaseAddress!, "/openapi/index.html"), "v1.json"), Ct);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex Asset();
}
