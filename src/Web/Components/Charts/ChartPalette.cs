using System.Text;

namespace Workspaces.Web.Components.Charts;

/// <summary>Colours keyed by a stable string (a run id), so one run has one colour on every chart and after every reload.</summary>
public static class ChartPalette
{
    private static readonly string[] Colors =
    [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
        "#393b79", "#ad494a", "#637939", "#e6550d", "#7b4173", "#3182bd", "#31a354", "#756bb1", "#d6616b", "#636363",
    ];

    /// <summary>FNV-1a of the UTF-8 key: string.GetHashCode is randomised per process, this is not.</summary>
    public static string For(string key)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
            hash = (hash ^ b) * 16777619u;
        return Colors[hash % (uint)Colors.Length];
    }

    /// <summary>The n-th colour, for series without a key.</summary>
    public static string At(int index) => Colors[index % Colors.Length];
}
