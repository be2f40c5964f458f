using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Plotly.Blazor.Interop;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Workspaces.Web.Components.Charts;
using Workspaces.Web.Components.Pages.Experiments;
using YAxisType = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The Plotly line chart's C# side: the traces and layout it hands to plotly.js, and the summary under it.</summary>
public sealed class LineChartTests : BunitContext
{
    public LineChartTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose; // plotly.js calls go nowhere
        Services.AddMudServices();
    }

    private IRenderedComponent<LineChart> Chart(PlotOptions options, params ChartSeries[] series) =>
        Render<LineChart>(p => p.Add(x => x.Id, "c").Add(x => x.Series, series).Add(x => x.Options, options));

    [Fact]
    public void A_single_point_is_a_marker_with_a_padded_range_on_both_axes()
    {
        var chart = Chart(PlotOptions.Default, new ChartSeries("loss", [(5, 0.3)]));

        var trace = Assert.IsType<Scatter>(Assert.Single(chart.Instance.Traces));
        Assert.Equal(ModeFlag.Lines | ModeFlag.Markers, trace.Mode);
        Assert.Equal([4.5, 5.5], chart.Instance.PlotLayout.XAxis[0].Range.Cast<double>());
        Assert.Equal([0.27, 0.33], chart.Instance.PlotLayout.YAxis[0].Range.Cast<double>().Select(v => Math.Round(v, 10)));
        Assert.Equal("0.3", chart.Find("tr.chart-series[data-series='loss'] td:nth-child(4)").TextContent);
    }

    [Fact]
    public void A_log_scale_sets_the_y_axis_type_and_leaves_its_range_to_plotly()
    {
        var chart = Chart(new PlotOptions(LogY: true), new ChartSeries("loss", [(0, 2), (1, 2)]));

        Assert.Equal(YAxisType.Log, chart.Instance.PlotLayout.YAxis[0].Type);
        Assert.Null(chart.Instance.PlotLayout.YAxis[0].Range);
        Assert.Equal(ModeFlag.Lines, Assert.IsType<Scatter>(Assert.Single(chart.Instance.Traces)).Mode);
    }

    [Fact]
    public void Smoothing_draws_the_raw_line_faded_under_the_smoothed_one_and_the_summary_keeps_raw_values()
    {
        var chart = Chart(new PlotOptions(Smoothing: 0.5), new ChartSeries("acc", [(0, 1), (1, 2), (2, 3)]) { ColorKey = "run-1" });

        var traces = chart.Instance.Traces.Cast<Scatter>().ToList();
        Assert.Equal(2, traces.Count);
        Assert.False(traces[0].ShowLegend);
        Assert.Equal([1.0, 2.0, 3.0], traces[0].Y.Cast<double>());
        Assert.Equal([1.0, 5.0 / 3, 17.0 / 7], traces[1].Y.Cast<double>(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(ChartPalette.For("run-1"), traces[1].Line.Color);
        Assert.Equal(["1", "3", "3"], chart.FindAll("tr.chart-series td").Skip(1).Select(td => td.TextContent));
    }

    [Fact]
    public void Non_finite_values_are_gaps_and_a_series_without_finite_values_is_not_drawn()
    {
        var chart = Chart(PlotOptions.Default, new ChartSeries("a", [(0, 1), (1, double.NaN), (2, 3)]), new ChartSeries("b", [(0, double.NaN)]));

        var trace = Assert.IsType<Scatter>(Assert.Single(chart.Instance.Traces));
        Assert.Equal(new object?[] { 1.0, null, 3.0 }, trace.Y);
        Assert.Single(chart.FindAll("tr.chart-series"));
    }

    [Fact]
    public void A_zoom_event_becomes_a_step_window_and_a_reset_becomes_null()
    {
        var zoom = new RelayoutEventData { XRange = [JsonSerializer.SerializeToElement(10.5), JsonSerializer.SerializeToElement(2.0)] };

        Assert.Equal(new ChartXRange(2, 10.5), LineChart.ParseRange(zoom));
        Assert.Null(LineChart.ParseRange(new RelayoutEventData()));
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3 }, 0.5, new[] { 1.0, 5.0 / 3, 17.0 / 7 })]
    [InlineData(new[] { 4.0, 8 }, 0.0, new[] { 4.0, 8 })]
    [InlineData(new[] { 1.0, double.NaN, 3 }, 0.5, new[] { 1.0, double.NaN, 7.0 / 3 })]
    [InlineData(new[] { 10.0, 0 }, 0.9, new[] { 10.0, 10 * 0.9 * 0.1 / (1 - 0.81) })]
    public void The_ema_is_debiased_like_mlflow_s(double[] values, double weight, double[] expected)
    {
        var smoothed = ChartSmoothing.Ema(values, weight);

        Assert.Equal(expected.Length, smoothed.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i]))
                Assert.True(double.IsNaN(smoothed[i]));
            else
                Assert.Equal(expected[i], smoothed[i], 1e-12);
        }
    }

    [Fact]
    public void A_run_keeps_its_colour()
    {
        Assert.Equal(ChartPalette.For("0123456789abcdef"), ChartPalette.For("0123456789abcdef"));
        Assert.StartsWith("#", ChartPalette.For("x"), StringComparison.Ordinal);
    }
}
