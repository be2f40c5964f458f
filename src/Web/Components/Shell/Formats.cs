using System.Globalization;

namespace Workspaces.Web.Components.Shell;

/// <summary>How the pages print times, durations and numbers: UTC, invariant, compact.</summary>
public static class Formats
{
    /// <summary>The one way the UI prints a point in time (epoch milliseconds, as stored): UTC to the second, and says so.</summary>
    public static string Time(long? ms) => ms is { } v
        ? DateTimeOffset.FromUnixTimeMilliseconds(v).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
        : "";

    public static string Duration(long start, long? end)
    {
        if (end is null)
            return "";
        var span = TimeSpan.FromMilliseconds(Math.Max(0, end.Value - start));
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s" : $"{span.TotalSeconds:0.0}s";
    }

    public static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A file size in binary units with one decimal ("1.5 KB"); bytes stay exact below 1 KB.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1024)
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        string[] units = ["KB", "MB", "GB", "TB", "PB"];
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
