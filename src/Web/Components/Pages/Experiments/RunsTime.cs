using System.Globalization;
using Workspaces.Data.Tracking;

namespace Workspaces.Web.Components.Pages.Experiments;

/// <summary>The runs table's relative times, durations and sources, as MLflow's runs table prints them.</summary>
public static class RunsTime
{
    /// <summary>"3 minutes ago"; the exact time goes into the cell's title.</summary>
    public static string Ago(long ms, long nowMs)
    {
        var span = TimeSpan.FromMilliseconds(Math.Max(0, nowMs - ms));
        return span switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => Plural((int)span.TotalMinutes, "minute"),
            { TotalDays: < 1 } => Plural((int)span.TotalHours, "hour"),
            { TotalDays: < 30 } => Plural((int)span.TotalDays, "day"),
            { TotalDays: < 365 } => Plural((int)(span.TotalDays / 30), "month"),
            _ => Plural((int)(span.TotalDays / 365), "year"),
        };
    }

    /// <summary>End minus start; a run still running counts up to now, other runs without an end have none.</summary>
    public static string Duration(RunInfoDto run, long nowMs) => run.EndTime switch
    {
        { } end => Shell.Formats.Duration(run.StartTime, end),
        null when run.Status == "RUNNING" => Shell.Formats.Duration(run.StartTime, nowMs),
        _ => "",
    };

    /// <summary>The file name of a source path or URL (mlflow.source.name), which is all that fits a column.</summary>
    public static string ShortSource(string? source)
    {
        if (string.IsNullOrEmpty(source))
            return "";
        var trimmed = source.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        return cut >= 0 && cut < trimmed.Length - 1 ? trimmed[(cut + 1)..] : trimmed;
    }

    private static string Plural(int n, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {unit}{(n == 1 ? "" : "s")} ago");
}
