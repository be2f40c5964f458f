using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// Every main page of the UI, prerendered by the real host on each database: the pages' own queries (lists, counts,
/// charts' data, registry browsing, gateway usage) run against it. The bUnit suites test the pages' behaviour on
/// SQLite; this proves their SQL works everywhere, MySQL included.
/// </summary>
public abstract class PageRenderTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_main_page_renders_with_data_on_this_database()
    {
        var tracking = new TrackingClient(fixture);
        var registry = new RegistryClient(fixture);
        var experimentName = Names.Unique("render-exp");
        var experiment = await tracking.CreateExperimentAsync(experimentName);
        var runs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var run = await tracking.CreateRunAsync(experiment, $$""","run_name":"render-run-{{i}}" """);
            await ApiAssert.Ok(await tracking.PostAsync("runs/log-batch", $$"""
                {"run_id":"{{run}}","metrics":[{"key":"loss","value":{{i}}.5,"timestamp":1,"step":0},{"key":"loss","value":0.25,"timestamp":2,"step":1}],
                 "params":[{"key":"lr","value":"0.0{{i}}"}],"tags":[{"key":"team","value":"render"}]}
                """));
            runs.Add(run);
        }
        var modelName = Names.Unique("render-model");
        await registry.CreateModelAsync(modelName);
        await registry.CreateVersionAsync(modelName, $"runs:/{runs[0]}/model", $$""","run_id":"{{runs[0]}}" """);

        const string Ws = "/workspaces/default";
        (string Path, string Shows)[] pages =
        [
            ("/workspaces", "default"),
            ($"{Ws}/experiments", experimentName),
            ($"{Ws}/experiments/{experiment}", "render-run-2"),
            ($"{Ws}/runs/{runs[0]}", "render-run-0"),
            ($"{Ws}/compare?runs={string.Join(',', runs)}", "render-run-1"),
            ($"{Ws}/models", modelName),
            ($"{Ws}/models/{modelName}", modelName),
            ($"{Ws}/models/{modelName}/versions/1", modelName),
            ($"{Ws}/prompts", "Prompts"),
            ($"{Ws}/gateway", "Gateway"),
            ($"{Ws}/settings", "default"),
        ];
        foreach (var (path, shows) in pages)
        {
            using var response = await fixture.Client.GetAsync(path, Ct);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.True(html.Contains(shows, StringComparison.Ordinal), $"{path} does not show '{shows}'");
        }
        using var icon = await fixture.Client.GetAsync("/favicon.ico", Ct);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class PageRenderTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : PageRenderTests<SqliteDb>(f);

public sealed class PageRenderTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : PageRenderTests<PostgresDb>(f);

public sealed class PageRenderTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : PageRenderTests<MySqlDb>(f);
