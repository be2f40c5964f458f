namespace Workspaces.Web.Components.Charts;

/// <summary>What the x axis of a metric chart measures.</summary>
public enum ChartXAxis
{
    Step,
    WallTime,
    RelativeTime,
}

/// <summary>A line chart's view settings: log y axis, EMA smoothing weight (0 = off), and whether x values are Unix milliseconds.</summary>
public sealed record PlotOptions(bool LogY = false, double Smoothing = 0, bool XIsTime = false)
{
    public static PlotOptions Default { get; } = new();
}

/// <summary>A zoomed x window, in the chart's x units.</summary>
public sealed record ChartXRange(double From, double To);
