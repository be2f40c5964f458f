using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The HTTP status of the UI's first (prerendered) response: an unknown address and every "not found" page answer
/// 404 with their own wording, never 200; a workspace's bare address redirects (302) to its experiments.
/// </summary>
public abstract class PageStatusTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Ws = "/workspaces/default";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unknown_address_renders_the_not_found_page_with_404()
    {
        var html = await GetAsync("/no/such/page", HttpStatusCode.NotFound);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        await GetAsync($"{Ws}/no-such-section", HttpStatusCode.NotFound);
        await GetAsync("/favicon-that-is-not-here.ico", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_api_path_keeps_its_json_404()
    {
        foreach (var path in new[] { "/api/2.0/mlflow/no-such-endpoint", "/ajax-api/2.0/mlflow/no-such-endpoint" })
        {
            using var response = await fixture.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("ENDPOINT_NOT_FOUND", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_workspace_address_redirects_to_its_experiments()
    {
        // The client follows redirects: the prerender answers 302 and the experiments page answers 200.
        using var response = await fixture.Client.GetAsync(Ws, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{Ws}/experiments", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Unknown_entities_answer_404_and_say_what_was_not_found()
    {
        var registry = new RegistryClient(fixture);
        var model = Names.Unique("status-model");
        await registry.CreateModelAsync(model);
        var missingRun = Guid.NewGuid().ToString("N");

        Assert.Contains(missingRun, await GetAsync($"{Ws}/runs/{missingRun}", HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("Experiment not found", await GetAsync($"{Ws}/experiments/987654321", HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("Model not found", await GetAsync($"{Ws}/models/{Names.Unique("nope")}", HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("Model version not found", await GetAsync($"{Ws}/models/{model}/versions/not-a-number", HttpStatusCode.NotFound),
            StringComparison.Ordinal);
        Assert.Contains("Model version not found", await GetAsync($"{Ws}/models/{model}/versions/7", HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("Prompt not found", await GetAsync($"{Ws}/prompts/{Names.Unique("nope")}", HttpStatusCode.NotFound), StringComparison.Ordinal);
        await GetAsync($"{Ws}/logged-models/m-{Guid.NewGuid():N}", HttpStatusCode.NotFound);
        Assert.Contains("Trace not found", await GetAsync($"{Ws}/experiments/0/traces/tr-{Guid.NewGuid():N}", HttpStatusCode.NotFound), StringComparison.Ordinal);
        await GetAsync($"{Ws}/gateway/endpoints/{Guid.NewGuid():N}", HttpStatusCode.NotFound);
        Assert.Contains("does not exist", await GetAsync("/workspaces/no-such-team/experiments", HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    private async Task<string> GetAsync(string path, HttpStatusCode expected)
    {
        using var response = await fixture.Client.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode}, expected {(int)expected}");
        return html;
    }
}

public sealed class PageStatusTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : PageStatusTests<SqliteDb>(f);

public sealed class PageStatusTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : PageStatusTests<PostgresDb>(f);

public sealed class PageStatusTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : PageStatusTests<MySqlDb>(f);
