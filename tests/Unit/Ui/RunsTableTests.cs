using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The runs table of an experiment (accounts off): runs logged through the tracking services, the MLflow filter,
/// server-side sorting, the column chooser, paging, and selecting runs to compare or delete.
/// </summary>
public sealed class RunsTableTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public RunsTableTests(DataFixture<SqliteDb> data)
        : base(data)
    {
        SetRendererInfo(new RendererInfo("Server", true)); // the page sits behind WorkspaceGate
        _popovers = Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private async Task<(string Ws, string ExperimentId)> ExperimentAsync()
    {
        var ws = await NewWorkspaceAsync("runs");
        var created = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("training", null, [], Ct), ws);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return (ws, created.Value);
    }

    /// <summary>A run as a client logs it: create, then one batch of metrics, params and tags.</summary>
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

    /// <summary>Three runs whose creation order (newest first) differs from their accuracy order.</summary>
    private async Task<(string Ws, string ExperimentId, Dictionary<string, string> Ids)> ThreeRunsAsync()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var ids = new Dictionary<string, string>();
        foreach (var (name, start, acc, lr) in new[] { ("deeper", 1_000L, 0.97, "0.001"), ("baseline", 2_000L, 0.8, "0.1"), ("wider", 3_000L, 0.93, "0.01") })
            ids[name] = await RunAsync(ws, experimentId, name, start, new Dictionary<string, double> { ["acc"] = acc }, [new KeyValue("lr", lr)]);
        return (ws, experimentId, ids);
    }

    private IRenderedComponent<RunsPage> Open(string ws, string experimentId)
    {
        var page = Render<RunsPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, experimentId));
        page.WaitForElement("#experiment-title");
        return page;
    }

    private static List<string> Names(IRenderedComponent<RunsPage> page) =>
        page.FindAll("tr.run-row td[data-column='attributes.run_name']").Select(c => c.TextContent.Trim()).ToList();

    private static List<string> Headers(IRenderedComponent<RunsPage> page) =>
        page.FindAll("th.run-column").Select(c => c.GetAttribute("data-column") ?? "").ToList();

    private static string Cell(IRenderedComponent<RunsPage> page, string runId, string column) =>
        page.Find($"tr.run-row[data-run='{runId}'] td[data-column='{column}']").TextContent.Trim();

    private static Task CheckAsync(IRenderedComponent<RunsPage> page, string runId) =>
        page.Find($"tr.run-row[data-run='{runId}'] input[type=checkbox]").ChangeAsync(new ChangeEventArgs { Value = true });

    /// <summary>Opens a MudSelect (mouse-down on its control) and clicks an item in the popover.</summary>
    private async Task ChooseAsync(IRenderedComponent<RunsPage> page, string id, string item)
    {
        if (_popovers.FindAll(".mud-popover-open .mud-list-item").Count == 0)
            await page.Find($"#{id}").Closest(".mud-input-control")!.MouseDownAsync(new());
        await _popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item).ClickAsync(new());
    }

    [Fact]
    public async Task Runs_logged_through_the_services_appear_newest_first_with_their_values()
    {
        var (ws, experimentId, ids) = await ThreeRunsAsync();
        var page = Open(ws, experimentId);

        page.WaitForAssertion(() => Assert.Equal(["wider", "baseline", "deeper"], Names(page)));
        Assert.Equal(["attributes.run_name", "attributes.start_time", "attributes.duration", "attributes.status", "attributes.user_id", "attributes.source",
            "attributes.models", "metrics.acc", "params.lr"], Headers(page));
        Assert.Equal("0.93", Cell(page, ids["wider"], "metrics.acc"));
        Assert.Equal("0.01", Cell(page, ids["wider"], "params.lr"));
        Assert.Equal("alice", Cell(page, ids["wider"], "attributes.user_id"));
        Assert.Equal($"/workspaces/{ws}/runs/{ids["wider"]}", page.Find($"tr.run-row[data-run='{ids["wider"]}'] a").GetAttribute("href"));
    }

    [Fact]
    public async Task The_models_column_links_registered_versions_and_logged_models_of_each_run()
    {
        var (ws, experimentId, ids) = await ThreeRunsAsync();
        var model = $"churn-{Guid.NewGuid():N}"[..12];
        Assert.True((await WithAsync<Workspaces.Data.Registry.RegisteredModelService, Result<Workspaces.Data.Registry.RegisteredModelDto>>(
            s => s.CreateAsync(model, [], null, Ct), ws)).IsSuccess);
        var version = await WithAsync<Workspaces.Data.Registry.ModelVersionService, Result<Workspaces.Data.Registry.ModelVersionDto>>(s => s.CreateAsync(
            new Workspaces.Data.Registry.CreateModelVersionRequest(model, $"runs:/{ids["deeper"]}/model", ids["deeper"], [], null, null, null), Ct), ws);
        Assert.True(version.IsSuccess, version.Error?.Message);
        var logged = await WithAsync<LoggedModelService, Result<LoggedModelDto>>(s => s.CreateAsync(
            new CreateLoggedModelRequest(experimentId, "classifier", null, ids["wider"], [], []), Ct), ws);
        Assert.True(logged.IsSuccess, logged.Error?.Message);

        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal($"{model} v1", Cell(page, ids["deeper"], "attributes.models")));
        Assert.Equal($"/workspaces/{ws}/models/{model}/versions/1",
            page.Find($"tr.run-row[data-run='{ids["deeper"]}'] a.run-model-link.registered").GetAttribute("href"));
        Assert.Equal("classifier", Cell(page, ids["wider"], "attributes.models"));
        Assert.Contains("/logged-models/", page.Find($"tr.run-row[data-run='{ids["wider"]}'] a.run-model-link.logged").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("", Cell(page, ids["baseline"], "attributes.models"));
    }

    [Fact]
    public async Task An_empty_experiment_says_how_to_log_a_run()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Contains("mlflow.start_run()", page.Find("#runs-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_filter_applies_the_mlflow_grammar_and_an_invalid_one_shows_the_error_and_clears_the_results()
    {
        var (ws, experimentId, _) = await ThreeRunsAsync();
        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal(3, Names(page).Count));

        page.Find("#run-filter").Input("metrics.acc > 0.9");
        await page.Find("#apply-filter").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["wider", "deeper"], Names(page)));

        // Enter in the box searches too.
        page.Find("#run-filter").Input("params.lr = '0.1'");
        await page.Find("#run-filter").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        page.WaitForAssertion(() => Assert.Equal(["baseline"], Names(page)));

        const string invalid = "metrics.acc >>> 0.9";
        var expected = (await WithAsync<RunSearchService, Result<RunPage>>(
            s => s.SearchAsync(new RunSearchRequest([experimentId], invalid, ViewType.ActiveOnly, 50, [], null), Ct), ws)).Error!.Message;
        Assert.False(string.IsNullOrWhiteSpace(expected));
        page.Find("#run-filter").Input(invalid);
        await page.Find("#apply-filter").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains(expected, page.Find("#run-filter").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(Names(page)); // old results under the new filter would read as its answer
        Assert.Contains(expected, page.Find("#runs-error").TextContent, StringComparison.Ordinal);

        page.Find("#run-filter").Input("metrics.acc > 2");
        await page.Find("#apply-filter").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("No run matches the filter.", page.Find("#runs-empty").TextContent.Trim()));
        Assert.DoesNotContain(expected, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clicking_a_column_header_sorts_by_it_and_clicking_again_reverses()
    {
        var (ws, experimentId, _) = await ThreeRunsAsync();
        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal(["wider", "baseline", "deeper"], Names(page)));

        await page.Find("th[data-column='metrics.acc'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["deeper", "wider", "baseline"], Names(page)));
        await page.Find("th[data-column='metrics.acc'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["baseline", "wider", "deeper"], Names(page)));

        await page.Find("th[data-column='attributes.run_name'] button").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["wider", "deeper", "baseline"], Names(page)));
    }

    [Fact]
    public async Task The_column_chooser_adds_param_and_tag_columns_beyond_the_first_eight()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var metrics = Enumerable.Range(1, 8).ToDictionary(i => $"m{i}", i => i / 10.0);
        var runId = await RunAsync(ws, experimentId, "wide", 1_000, metrics, [new KeyValue("lr", "0.01")], [new KeyValue("team", "growth")]);
        var page = Open(ws, experimentId);

        // Only the first eight discovered columns are shown until the user chooses.
        page.WaitForAssertion(() => Assert.Contains("metrics.m8", Headers(page)));
        Assert.DoesNotContain("params.lr", Headers(page));
        Assert.DoesNotContain("tags.team", Headers(page));

        await ChooseAsync(page, "column-chooser", "params.lr");
        page.WaitForAssertion(() => Assert.Equal("0.01", Cell(page, runId, "params.lr")));
        await ChooseAsync(page, "column-chooser", "tags.team");
        page.WaitForAssertion(() => Assert.Equal("growth", Cell(page, runId, "tags.team")));
        await ChooseAsync(page, "column-chooser", "metrics.m1");
        page.WaitForAssertion(() => Assert.DoesNotContain("metrics.m1", Headers(page)));
        Assert.Equal(9, Headers(page).Count(h => !h.StartsWith("attributes.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Paging_moves_forward_and_back_through_more_runs_than_a_page()
    {
        var (ws, experimentId) = await ExperimentAsync();
        for (var i = 0; i < 27; i++)
            await RunAsync(ws, experimentId, $"run-{i:00}", 1_000 + i);
        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal(27, Names(page).Count)); // 50 a page by default

        await ChooseAsync(page, "runs-page-size", "25");
        page.WaitForAssertion(() => Assert.Equal(25, Names(page).Count));
        var first = Names(page);
        Assert.Equal("run-26", first[0]);
        Assert.True(page.Find("#page-previous").HasAttribute("disabled"));

        await page.Find("#page-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["run-01", "run-00"], Names(page)));
        Assert.Contains("Page 2", page.Markup, StringComparison.Ordinal);
        Assert.True(page.Find("#page-next").HasAttribute("disabled"));

        await page.Find("#page-previous").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(first, Names(page)));
        Assert.Contains("Page 1", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Selecting_runs_enables_compare_and_delete_with_a_count()
    {
        var (ws, experimentId, ids) = await ThreeRunsAsync();
        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal(3, Names(page).Count));
        Assert.True(page.Find("#compare-runs").HasAttribute("disabled"));
        Assert.True(page.Find("#delete-runs").HasAttribute("disabled"));

        await CheckAsync(page, ids["wider"]);
        page.WaitForAssertion(() => Assert.Equal("Compare (1)", page.Find("#compare-runs").TextContent.Trim()));
        Assert.True(page.Find("#compare-runs").HasAttribute("disabled")); // comparing needs two
        Assert.False(page.Find("#delete-runs").HasAttribute("disabled"));

        await CheckAsync(page, ids["deeper"]);
        page.WaitForAssertion(() => Assert.Equal("Compare (2)", page.Find("#compare-runs").TextContent.Trim()));
        Assert.False(page.Find("#compare-runs").HasAttribute("disabled"));

        await page.Find("#compare-runs").ClickAsync(new());
        var uri = new Uri(Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Equal($"/workspaces/{ws}/compare", uri.AbsolutePath);
        Assert.Equal(new[] { ids["wider"], ids["deeper"] }.Order(), uri.Query["?runs=".Length..].Split(',').Order());
    }

    [Fact]
    public async Task Deleting_selected_runs_asks_first_and_deletes_only_those()
    {
        var (ws, experimentId, ids) = await ThreeRunsAsync();
        var page = Open(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal(3, Names(page).Count));
        await CheckAsync(page, ids["wider"]);
        await CheckAsync(page, ids["baseline"]);

        // The handler awaits the confirmation: keep its task and answer the box first.
        var deleting = page.Find("#delete-runs").ClickAsync(new());
        _dialogs.WaitForAssertion(() => Assert.Contains("Delete 2 run(s)?", _dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());
        await deleting;
        Assert.Equal(3, Names(page).Count);

        deleting = page.Find("#delete-runs").ClickAsync(new());
        _dialogs.WaitForElement(".mud-dialog");
        await _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await deleting;

        page.WaitForAssertion(() => Assert.Equal(["deeper"], Names(page)));
        Assert.True(page.Find("#delete-runs").HasAttribute("disabled")); // the selection went with the runs
        foreach (var (name, stage) in new[] { ("wider", "deleted"), ("baseline", "deleted"), ("deeper", "active") })
        {
            var run = await WithAsync<RunService, Result<RunDto>>(s => s.GetAsync(ids[name], Ct), ws);
            Assert.Equal(stage, run.Value.Info.LifecycleStage);
        }
    }
}
