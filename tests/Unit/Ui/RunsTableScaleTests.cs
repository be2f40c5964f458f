using System.Diagnostics;
using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The runs table over an experiment of 10,000 runs: the page fetches one page from the server, never the whole
/// experiment, so paging, filtering and sorting stay one search each. Timings go to the test output (for the notes),
/// never into an assertion.
/// </summary>
public sealed class RunsTableScaleTests(DataFixture<SqliteDb> data) : UiTestContext(data), IClassFixture<DataFixture<SqliteDb>>
{
    private const int RunCount = 10_000;

    [Fact]
    public async Task Ten_thousand_runs_page_filter_and_sort_on_the_server()
    {
        SetRendererInfo(new RendererInfo("Server", true));
        Render<MudBlazor.MudPopoverProvider>();
        var ws = await NewWorkspaceAsync("scale");
        var created = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("sweep", null, [], Ct), ws);
        Assert.True(created.IsSuccess, created.Error?.Message);
        await SeedAsync(ws, long.Parse(created.Value, CultureInfo.InvariantCulture));

        var watch = Stopwatch.StartNew();
        var page = Render<RunsPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, created.Value));
        page.WaitForAssertion(() => Assert.Equal(50, Names(page).Count), TimeSpan.FromSeconds(30));
        Report("first page (experiment, all keys, count and page)", watch);
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"runs table, {RunCount:N0} runs, shows: {page.Find("#runs-range").TextContent.Trim()}");
        watch.Restart();
        await WithAsync<RunColumnsService, Result<RunColumnKeys>>(s => s.KeysAsync([created.Value], ViewType.ActiveOnly, Ct), ws);
        Report("keys query alone", watch);
        watch.Restart();
        await WithAsync<RunSearchService, Result<long>>(s => s.CountAsync(new RunSearchRequest([created.Value], null, ViewType.ActiveOnly, null, [], null), Ct), ws);
        Report("count query alone", watch);
        Assert.Equal("run-09999", Names(page)[0]); // newest first
        // Only the page is in the DOM: the rest stays on the server.
        Assert.Equal(50, page.FindAll("tr.run-row").Count);

        watch.Restart();
        await page.Find("#page-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-09949", Names(page)[0]), TimeSpan.FromSeconds(30));
        Report("next page", watch);

        // loss = i / 10,000, so 100 runs are below 0.01, newest (run-00099) first.
        watch.Restart();
        page.Find("#run-filter").Input("metrics.loss < 0.01");
        await page.Find("#apply-filter").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-00099", Names(page)[0]), TimeSpan.FromSeconds(30));
        Report("filter", watch);
        Assert.Equal(50, Names(page).Count);
        Assert.False(page.Find("#page-next").HasAttribute("disabled"));

        // A header click sorts descending, a second one ascending: the smallest loss of all 10,000 comes first.
        page.Find("#run-filter").Input("");
        await page.Find("#apply-filter").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-09999", Names(page)[0]), TimeSpan.FromSeconds(30));
        await page.Find("th[data-column='metrics.loss'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-09999", Names(page)[0]), TimeSpan.FromSeconds(30));
        watch.Restart();
        await page.Find("th[data-column='metrics.loss'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("run-00000", Names(page)[0]), TimeSpan.FromSeconds(30));
        Report("sort by a metric", watch);
    }

    /// <summary>10,000 runs with a name, a start time and a latest <c>loss</c>, inserted in one go (the services would take minutes).</summary>
    private async Task SeedAsync(string ws, long experimentId)
    {
        await using var db = Data.Db(ws);
        for (var i = 0; i < RunCount; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            db.Runs.Add(new Run { RunUuid = id, Name = $"run-{i:00000}", ExperimentId = experimentId, StartTime = 1_700_000_000_000 + i, ArtifactUri = $"mlflow-artifacts:/x/{id}" });
            db.LatestMetrics.Add(new LatestMetric { RunUuid = id, Key = "loss", Value = i / (double)RunCount, Timestamp = 1, Step = 0 });
        }
        await db.SaveChangesAsync(Ct);
    }

    private static List<string> Names(IRenderedComponent<RunsPage> page) =>
        page.FindAll("tr.run-row td[data-column='attributes.run_name']").Select(c => c.TextContent.Trim()).ToList();

    private static void Report(string step, Stopwatch watch) =>
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"runs table, {RunCount:N0} runs, {step}: {watch.ElapsedMilliseconds} ms");
}
