using Plotly.Blazor;
using PlotLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Web.Components.Charts;

/// <summary>Builds the Plotly traces and layout of a line chart from plain series: the C# side a test can check without a browser.</summary>
public static class ChartFigures
{
    private const double FadedOpacity = 0.25;

    public static IList<ITrace> Lines(IReadOnlyList<ChartSeries> series, PlotOptions options, string xLabel)
    {
        var traces = new List<ITrace>();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = s.ColorKey is null ? ChartPalette.At(i) : ChartPalette.For(s.ColorKey);
            var points = s.Points.Where(p => double.IsFinite(p.X)).ToList();
            var raw = points.Select(p => p.Y).ToList();
            var smooth = options.Smoothing > 0 && points.Count > 1;
            // One point has no line to draw: a marker makes it visible.
            var mode = points.Count == 1 ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines;
            var group = $"{i}:{s.Name}";
            if (smooth)
                traces.Add(Trace(s, points, raw, options, xLabel, color, mode, group, faded: true));
            traces.Add(Trace(s, points, smooth ? ChartSmoothing.Ema(raw, options.Smoothing) : raw, options, xLabel, color, mode, group, faded: false));
        }
        return traces;
    }

    private static Scatter Trace(ChartSeries s, List<(double X, double Y)> points, IReadOnlyList<double> ys, PlotOptions options, string xLabel,
        string color, ModeFlag mode, string group, bool faded)
    {
        var hover = s.Hover is { } extra && extra.Count == s.Points.Count;
        return new Scatter
        {
            Name = s.Name,
            Mode = mode,
            LegendGroup = group,
            ShowLegend = !faded,
            Opacity = faded ? (decimal)FadedOpacity : null,
            HoverInfo = faded ? HoverInfoFlag.Skip : null,
            Line = new Line { Color = color, Width = faded ? 1 : 2 },
            Marker = new Marker { Color = color, Size = 7 },
            X = [.. points.Select(p => XValue(p.X, options))],
            // JSON has no NaN: a non-finite value is a gap in the line.
            Y = [.. ys.Select(y => double.IsFinite(y) ? (object?)y : null)],
            HoverTextArray = hover ? [.. s.Points.Where(p => double.IsFinite(p.X)).Select((_, i) => s.Hover![i])] : null,
            HoverTemplate = faded ? null
                : $"<b>%{{fullData.name}}</b><br>{xLabel}: %{{x}}<br>value: %{{y:.6g}}{(hover ? "<br>%{hovertext}" : "")}<extra></extra>",
        };
    }

    private static object XValue(double x, PlotOptions options) =>
        options.XIsTime ? DateTimeOffset.FromUnixTimeMilliseconds((long)x).UtcDateTime : x;

    /// <summary>The themed layout; a single x or a flat y gets a padded range instead of Plotly's degenerate one.</summary>
    public static PlotLayout Layout(IReadOnlyList<ChartSeries> series, PlotOptions options, string xLabel, bool dark, int height = 300)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var layout = ChartTheme.Base(dark, height);
        layout.ShowLegend = series.Count > 1;
        layout.Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.25m }];
        var x = new XAxis
        {
            Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xLabel },
            Type = options.XIsTime ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear,
            GridColor = ChartTheme.Grid(dark),
            ZeroLine = false,
        };
        var y = new YAxis
        {
            Type = options.LogY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
            GridColor = ChartTheme.Grid(dark),
            ZeroLine = false,
        };
        if (points.Count > 0)
        {
            var (minX, maxX) = (points.Min(p => p.X), points.Max(p => p.X));
            if (minX == maxX)
            {
                var pad = options.XIsTime ? 60_000 : Pad(minX);
                x.Range = [XValue(minX - pad, options), XValue(maxX + pad, options)];
            }
            var (minY, maxY) = (points.Min(p => p.Y), points.Max(p => p.Y));
            // A log axis ranges in powers of ten and pads itself; only a linear one needs help with a flat line.
            if (minY == maxY && !options.LogY)
                y.Range = [minY - Pad(minY), maxY + Pad(maxY)];
        }
        layout.XAxis = [x];
        layout.YAxis = [y];
        return layout;
    }

    private static double Pad(double v) => v == 0 ? 1 : Math.Abs(v) * 0.1;
}
