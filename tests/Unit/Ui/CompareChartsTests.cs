using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor.Traces;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Charts;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The compare page's charts: scatter and parallel coordinates built from the runs, choices restored from and written to the URL.</summary>
public sealed class CompareChartsTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    public CompareChartsTests(DataFixture<SqliteDb> data)
        : base(data) => SetRendererInfo(new RendererInfo("Server", true));

    private async Task<(string Ws, string[] Runs)> RunsAsync()
    {
        var ws = await NewWorkspaceAsync("cmp");
        var experiment = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("exp", null, [], Ct), ws);
        var runs = new List<string>();
        foreach (var (name, lr, opt, acc) in new[] { ("a", "0.1", "adam", 0.8), ("b", "0.01", "sgd", 0.9), ("c", "0.001", "adam", 0.7) })
        {
            var run = await WithAsync<RunService, Result<RunDto>>(s => s.CreateAsync(new CreateRunRequest(experiment.Value, "u", name, 1, []), Ct), ws);
            var batch = new LogBatchRequest([new MetricPoint("acc", acc, 1, 0)], [new KeyValue("lr", lr), new KeyValue("opt", opt)], []);
            Assert.True((await WithAsync<RunLoggingService, Result>(s => s.LogBatchAsync(run.Value.Info.RunId, batch, Ct), ws)).IsSuccess);
            runs.Add(run.Value.Info.RunId);
        }
        return (ws, [.. runs]);
    }

    private IRenderedComponent<ComparePage> Open(string ws, string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/workspaces/{ws}/compare?{query}");
        var page = Render<ComparePage>(p => p.Add(x => x.Ws, ws));
        page.WaitForElement("#compare-scatter");
        return page;
    }

    [Fact]
    public async Task The_url_s_choices_build_the_scatter_and_the_parallel_coordinates()
    {
        var (ws, runs) = await RunsAsync();

        var page = Open(ws, $"runs={string.Join(',', runs)}&x=param:lr&y=metric:acc&pc=param:opt,metric:acc&metrics=acc");

        var section = page.FindComponent<ChartCompareSection>().Instance;
        var scatter = Assert.IsType<Scatter>(Assert.Single(section.ScatterData));
        Assert.Equal([0.1, 0.01, 0.001], scatter.X.Cast<double>());
        Assert.Equal([0.8, 0.9, 0.7], scatter.Y.Cast<double>());
        var parallel = Assert.IsType<ParCoords>(Assert.Single(section.ParallelData));
        Assert.Equal(["param:opt", "metric:acc"], parallel.Dimensions.Select(d => d.Label));
        // Text params become category indices labelled with the text.
        Assert.Equal([0, 1, 0], parallel.Dimensions[0].Values.Cast<int>());
        Assert.Equal(["adam", "sgd"], parallel.Dimensions[0].TickText.Cast<string>());
        Assert.Single(page.FindComponents<MetricChart>());
        Assert.Contains(page.FindAll("#compare-breadcrumbs a"), a => a.TextContent.Contains("exp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_choice_goes_into_the_url_and_unknown_fields_fall_back()
    {
        var (ws, runs) = await RunsAsync();
        var page = Open(ws, $"runs={string.Join(',', runs)}&x=param:nope");
        var section = page.FindComponent<ChartCompareSection>();
        Assert.Equal("param:lr", section.Instance.X);

        await page.InvokeAsync(() => section.Instance.ChoicesChanged.InvokeAsync(section.Instance.Choices with { X = "metric:acc", Metrics = ["acc"] }));

        var uri = Uri.UnescapeDataString(Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Contains("x=metric:acc", uri, StringComparison.Ordinal);
        Assert.Contains("metrics=acc", uri, StringComparison.Ordinal);
        Assert.Contains($"runs={string.Join(',', runs)}", uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_experiment_charts_draw_one_card_per_metric_and_bars_when_every_run_has_one_step()
    {
        var (ws, ids) = await RunsAsync();
        var runs = new List<RunDto>();
        foreach (var id in ids)
            runs.Add((await WithAsync<RunService, Result<RunDto>>(s => s.GetAsync(id, Ct), ws)).Value);
        Enter(ws);

        var view = Render<ExperimentChartView>(p => p.Add(x => x.Runs, runs).Add(x => x.MetricKeys, ["acc"]));

        view.WaitForAssertion(() => Assert.Single(view.FindComponents<ChartBars>()));
        var bar = Assert.IsType<Bar>(Assert.Single(view.FindComponent<ChartBars>().Instance.Traces));
        Assert.Equal(["a", "b", "c"], bar.X.Cast<string>());
        Assert.Equal(ChartPalette.For(ids[1]), bar.Marker.ColorArray[1]);
        Assert.Single(view.FindAll(".experiment-chart[data-metric='acc']"));
    }

    [Fact]
    public void A_scatter_of_text_fields_keeps_the_text_for_category_axes()
    {
        var run = new RunDto(new RunInfoDto("r1", "one", "1", null, "FINISHED", 0, null, null, "active"), [], [new KeyValue("opt", "adam")], [], [], [], []);

        var scatter = ChartCompareFigures.Scatter([run], "param:opt", "param:opt");

        Assert.Equal(["adam"], scatter.X.Cast<string>());
    }
}
