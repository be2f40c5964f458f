using System.Globalization;

namespace Workspaces.Web.Components.Shell;

/// <summary>How the pages print times, durations and numbers: UTC, invariant, compact.</summary>
public static class Formats
{
    public static string Time(long? ms) => ms is { } v
        ? DateTimeOffset.FromUnixTimeMilliseconds(v).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : "";

    public static string Duration(long start, long? end)
    {
        if (end is null)
            return "";
        var span = TimeSpan.FromMilliseconds(Math.Max(0, end.Value - start));
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s" : $"{span.TotalSeconds:0.0}s";
    }

    public static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A user's search text inside an MLflow filter string literal: quotes cannot be escaped there, so they go.</summary>
    public static string Literal(string text) => text.Replace("'", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal).Trim();
}
