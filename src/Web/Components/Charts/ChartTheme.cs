using Plotly.Blazor;
using PlotLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;

namespace Workspaces.Web.Components.Charts;

/// <summary>
/// Plotly's colours for MudBlazor's light and dark themes. The layout cascades the theme as a named bool
/// (<see cref="DarkModeName"/>); the backgrounds stay transparent so the chart takes the card's surface colour.
/// </summary>
public static class ChartTheme
{
    public const string DarkModeName = "DarkMode";

    public static string Text(bool dark) => dark ? "#e0e0e0" : "#424242";

    public static string Grid(bool dark) => dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.10)";

    /// <summary>A layout with the theme's colours, tight margins and zoom kept across data updates.</summary>
    public static PlotLayout Base(bool dark, int height) => new()
    {
        Height = height,
        Margin = new Margin { L = 56, R = 16, T = 16, B = 48 },
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = Text(dark), Size = 12 },
        HoverMode = HoverModeEnum.Closest,
        // A constant uirevision keeps the user's zoom and hidden legend entries when the traces are replaced.
        UiRevision = "keep",
    };

    /// <summary>Zoom, pan and reset stay in the mode bar; Plotly's logo and cloud links go.</summary>
    public static Config Config() => new() { Responsive = true, DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.Hover };
}
