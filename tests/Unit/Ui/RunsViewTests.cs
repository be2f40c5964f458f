using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The runs view at MLflow-UI level (issue 17): columns from the whole experiment, grouped headers, the total count,
/// the view kept in the URL, the run attributes MLflow shows, and one table over several experiments.
/// </summary>
public sealed class RunsViewTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;

    public RunsViewTests(DataFixture<SqliteDb> data)
        : base(data)
    {
        SetRendererInfo(new RendererInfo("Server", true)); // the page sits behind WorkspaceGate
        _popovers = Render<MudPopoverProvider>();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private async Task<string> ExperimentAsync(string ws, string name = "training")
    {
        var created = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync(name, null, [], Ct), ws);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    private async Task<string> RunAsync(string ws, string experimentId, string name, long startTime,
        IReadOnlyDictionary<string, double>? metrics = null, IReadOnlyList<KeyValue>? parameters = null, IReadOnlyList<KeyValue>? tags = null)
    {
        var run = await WithAsync<RunService, Result<RunDto>>(s => s.CreateAsync(new CreateRunRequest(experimentId, "alice", name, startTime, []), Ct), ws);
        Assert.True(run.IsSuccess, run.Error?.Message);
        var points = (metrics ?? new Dictionary<string, double>()).Select(m => new MetricPoint(m.Key, m.Value, startTime, 0)).ToList();
        var logged = await WithAsync<RunLoggingService, Result>(s => s.LogBatchAsync(run.Value.Info.RunId, new LogBatchRequest(points, parameters ?? [], tags ?? []), Ct), ws);
        Assert.True(logged.IsSuccess, logged.Error?.Message);
        return run.Value.Info.RunId;
    }

    /// <summary>27 runs, run-00 oldest; only the oldest has the metric <c>rare</c>, every run has <c>acc</c> = i / 100.</summary>
    private async Task<(string Ws, string ExperimentId)> TwentySevenRunsAsync()
    {
        var ws = await NewWorkspaceAsync("runsview");
        var experimentId = await ExperimentAsync(ws);
        for (var i = 0; i < 27; i++)
        {
            var metrics = new Dictionary<string, double> { ["acc"] = i / 100.0 };
            if (i == 0)
                metrics["rare"] = 1;
            await RunAsync(ws, experimentId, $"run-{i:00}", 1_000 + i, metrics, [new KeyValue("lr", i % 2 == 0 ? "0.1" : "0.01")]);
        }
        return (ws, experimentId);
    }

    /// <summary>Opens the runs view at <paramref name="query"/>, as a shared link or a reload would.</summary>
    private IRenderedComponent<RunsPage> Open(string ws, string experimentId, string query = "")
    {
        Navigation.NavigateTo($"/workspaces/{ws}/experiments/{experimentId}{query}");
        var page = Render<RunsPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, experimentId));
        page.WaitForElement("#experiment-title");
        return page;
    }

    private static List<string> Names(IRenderedComponent<RunsPage> page) =>
        page.FindAll("tr.run-row td[data-column='attributes.run_name']").Select(c => c.TextContent.Trim()).ToList();

    private static List<string> Headers(IRenderedComponent<RunsPage> page) =>
        page.FindAll("th.run-column").Select(c => c.GetAttribute("data-column") ?? "").ToList();

    private Dictionary<string, string> Query() => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query)
        .ToDictionary(q => q.Key, q => q.Value.ToString());

    [Fact]
    public async Task A_key_only_a_run_on_page_two_has_is_a_column_on_page_one_and_sorts()
    {
        var (ws, experimentId) = await TwentySevenRunsAsync();
        var page = Open(ws, experimentId, "?size=25");
        page.WaitForAssertion(() => Assert.Equal(25, Names(page).Count));
        Assert.DoesNotContain("run-00", Names(page));

        Assert.Contains("metrics.rare", Headers(page));
        await page.Find("th[data-column='metrics.rare'] button").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("run-00", Names(page)[0]));
    }

    [Fact]
    public async Task Headers_are_grouped_under_metrics_parameters_and_tags_with_the_full_id_as_title()
    {
        var ws = await NewWorkspaceAsync("runsview");
        var experimentId = await ExperimentAsync(ws);
        await RunAsync(ws, experimentId, "one", 1_000, new Dictionary<string, double> { ["accuracy"] = 0.9 }, [new KeyValue("lr", "0.1")],
            [new KeyValue("team", "growth"), new KeyValue("mlflow.note.content", "system tags are no column")]);
        var page = Open(ws, experimentId);

        page.WaitForAssertion(() => Assert.Equal(["", "Metrics", "Parameters", "Tags"], page.FindAll("th.run-group").Select(g => g.TextContent.Trim())));
        var accuracy = page.Find("th[data-column='metrics.accuracy']");
        Assert.Equal("accuracy", accuracy.TextContent.Trim());
        Assert.Equal("metrics.accuracy", accuracy.GetAttribute("title"));
        Assert.Equal("1", page.Find("th.run-group[data-group='Tags']").GetAttribute("colspan"));
        Assert.DoesNotContain(Headers(page), h => h.StartsWith("tags.mlflow.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_total_count_follows_the_page_and_the_filter()
    {
        var (ws, experimentId) = await TwentySevenRunsAsync();
        var page = Open(ws, experimentId, "?size=25");
        page.WaitForAssertion(() => Assert.Equal("1–25 of 27", page.Find("#runs-range").TextContent.Trim()));

        await page.Find("#page-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("26–27 of 27", page.Find("#runs-range").TextContent.Trim()));

        page.Find("#run-filter").Input("params.lr = '0.1'");
        await page.Find("#apply-filter").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("1–14 of 14", page.Find("#runs-range").TextContent.Trim()));
    }

    [Fact]
    public async Task A_bad_filter_clears_the_results_and_shows_the_error()
    {
        var (ws, experimentId) = await TwentySevenRunsAsync();
        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal(27, Names(page).Count));

        page.Find("#run-filter").Input("metrics.acc >>> 1");
        await page.Find("#apply-filter").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(Names(page)));
        Assert.Contains("Invalid clause", page.Find("#runs-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#runs-range"));
    }

    [Fact]
    public async Task A_url_restores_filter_sort_page_size_and_columns_and_keeps_other_parameters()
    {
        var (ws, experimentId) = await TwentySevenRunsAsync();

        var page = Open(ws, experimentId, "?filter=params.lr%20%3D%20%270.1%27&sort=metrics.acc&dir=asc&size=25&page=1&columns=params.lr&other=x");

        page.WaitForAssertion(() => Assert.Equal(["run-00", "run-02", "run-04"], Names(page).Take(3)));
        Assert.Equal("params.lr = '0.1'", page.Find("#run-filter").GetAttribute("value"));
        Assert.Equal(["params.lr"], Headers(page).Where(h => !h.StartsWith("attributes.", StringComparison.Ordinal)));

        await page.Find("th[data-column='attributes.run_name'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("attributes.run_name", Query()["sort"]));
        Assert.Equal("x", Query()["other"]);
        Assert.Equal("params.lr", Query()["columns"]);
    }

    [Fact]
    public async Task Changing_sort_filter_and_page_writes_them_to_the_url()
    {
        var (ws, experimentId) = await TwentySevenRunsAsync();
        var page = Open(ws, experimentId, "?size=25&other=kept");
        page.WaitForAssertion(() => Assert.Equal(25, Names(page).Count));

        await page.Find("th[data-column='metrics.acc'] button").ClickAsync(new());
        await page.Find("th[data-column='metrics.acc'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-00", Names(page)[0]));
        page.Find("#run-filter").Input("metrics.acc < 0.5");
        await page.Find("#apply-filter").ClickAsync(new());
        await page.Find("#page-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("26–27 of 27", page.Find("#runs-range").TextContent.Trim()));

        var query = Query();
        Assert.Equal("metrics.acc", query["sort"]);
        Assert.Equal("asc", query["dir"]);
        Assert.Equal("metrics.acc < 0.5", query["filter"]);
        Assert.Equal("2", query["page"]);
        Assert.Equal("25", query["size"]);
        Assert.Equal("kept", query["other"]);
        Assert.Equal($"/workspaces/{ws}/experiments/{experimentId}", new Uri(Navigation.Uri).AbsolutePath);
    }

    [Fact]
    public async Task The_chart_toggle_is_in_the_url_and_charts_every_metric_of_the_experiment()
    {
        var (ws, experimentId) = await TwentySevenRunsAsync();
        var page = Open(ws, experimentId, "?view=chart&size=25");
        page.WaitForElement("#experiment-charts");
        Assert.Empty(page.FindAll("tr.run-row"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".experiment-chart[data-metric='acc']")));

        await page.Find("#runs-view").QuerySelectorAll("button")[0].ClickAsync(new()); // Table
        page.WaitForAssertion(() => Assert.Equal(25, Names(page).Count));
        Assert.False(Query().ContainsKey("view"));
    }

    [Fact]
    public async Task Going_back_to_an_earlier_url_shows_that_view_again()
    {
        var (ws, experimentId) = await TwentySevenRunsAsync();
        var page = Open(ws, experimentId, "?size=25");
        page.WaitForAssertion(() => Assert.Equal("run-26", Names(page)[0]));
        var first = Navigation.Uri;
        await page.Find("th[data-column='attributes.run_name'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-26", Names(page)[0]));
        await page.Find("th[data-column='attributes.run_name'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-00", Names(page)[0]));

        await page.InvokeAsync(() => Navigation.NavigateTo(first));

        page.WaitForAssertion(() => Assert.Equal("run-26", Names(page)[0]));
        Assert.Equal("1–25 of 27", page.Find("#runs-range").TextContent.Trim());
    }

    [Fact]
    public async Task Runs_show_relative_creation_duration_source_and_user_as_mlflow_does()
    {
        var ws = await NewWorkspaceAsync("runsview");
        var experimentId = await ExperimentAsync(ws);
        var start = DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeMilliseconds();
        var runId = await RunAsync(ws, experimentId, "timed", start, tags:
            [new KeyValue("mlflow.user", "bob"), new KeyValue("mlflow.source.name", "/home/bob/project/train.py")]);
        var ended = await WithAsync<RunService, Result<RunInfoDto>>(s => s.UpdateAsync(runId, "FINISHED", start + 90_000, null, Ct), ws);
        Assert.True(ended.IsSuccess, ended.Error?.Message);
        var page = Open(ws, experimentId);

        string Cell(string column) => page.Find($"tr.run-row[data-run='{runId}'] td[data-column='{column}']").TextContent.Trim();
        page.WaitForAssertion(() => Assert.Equal("3 minutes ago", Cell("attributes.start_time")));
        Assert.EndsWith("UTC", page.Find($"td[data-column='attributes.start_time']").GetAttribute("title"), StringComparison.Ordinal);
        Assert.Equal("1m 30s", Cell("attributes.duration"));
        Assert.Equal("train.py", Cell("attributes.source"));
        Assert.Equal("/home/bob/project/train.py", page.Find("td[data-column='attributes.source']").GetAttribute("title"));
        Assert.Equal("bob", Cell("attributes.user_id"));
    }

    [Fact]
    public async Task Several_experiments_share_one_table_with_an_experiment_column()
    {
        var ws = await NewWorkspaceAsync("runsview");
        var first = await ExperimentAsync(ws, "first");
        var second = await ExperimentAsync(ws, "second");
        await RunAsync(ws, first, "a", 1_000, new Dictionary<string, double> { ["acc"] = 0.5 });
        await RunAsync(ws, second, "b", 2_000, parameters: [new KeyValue("lr", "0.1")]);
        Navigation.NavigateTo($"/workspaces/{ws}/experiments?ids={first},{second}");

        var page = Render<ExperimentsPage>(p => p.Add(x => x.Ws, ws));

        page.WaitForAssertion(() => Assert.Equal("Runs of 2 experiments", page.Find("#experiment-title").TextContent.Trim()));
        page.WaitForAssertion(() => Assert.Equal(["b", "a"], page.FindAll("tr.run-row td[data-column='attributes.run_name']").Select(c => c.TextContent.Trim())));
        Assert.Equal(["second", "first"], page.FindAll("tr.run-row td[data-column='attributes.experiment_id']").Select(c => c.TextContent.Trim()));
        Assert.NotEmpty(page.FindAll("th[data-column='metrics.acc']"));
        Assert.NotEmpty(page.FindAll("th[data-column='params.lr']"));
        Assert.Equal("1–2 of 2", page.Find("#runs-range").TextContent.Trim());
    }

    [Fact]
    public async Task Choosing_experiments_in_the_list_opens_their_runs_together()
    {
        var ws = await NewWorkspaceAsync("runsview");
        var first = await ExperimentAsync(ws, "first");
        var second = await ExperimentAsync(ws, "second");
        var page = Render<ExperimentsPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForElement("#experiment-list");
        Assert.True(page.Find("#compare-experiments").HasAttribute("disabled"));

        foreach (var row in page.FindAll("#experiment-list tbody tr").Where(r => r.TextContent.Contains("first", StringComparison.Ordinal)
                     || r.TextContent.Contains("second", StringComparison.Ordinal)).ToList())
            await row.QuerySelector("input[type=checkbox]")!.ChangeAsync(new ChangeEventArgs { Value = true });
        page.WaitForAssertion(() => Assert.False(page.Find("#compare-experiments").HasAttribute("disabled")));
        await page.Find("#compare-experiments").ClickAsync(new());

        var uri = new Uri(Navigation.Uri);
        Assert.Equal($"/workspaces/{ws}/experiments", uri.AbsolutePath);
        Assert.Equal(new[] { first, second }.Order(), Query()["ids"].Split(',').Order());
    }
}
