using Workspaces.Data.Common;
using Workspaces.Data.Tracking;

namespace Workspaces.Web.Components.Pages.Experiments;

public enum RunColumnKind
{
    Attribute,
    Metric,
    Param,
    Tag,
}

/// <summary>A column of the runs table and how MLflow's filter/order grammar names it.</summary>
public sealed record RunColumn(RunColumnKind Kind, string Key, string Title)
{
    public static readonly RunColumn RunName = new(RunColumnKind.Attribute, "run_name", "Run");
    public static readonly RunColumn Created = new(RunColumnKind.Attribute, "start_time", "Created");
    public static readonly RunColumn Duration = new(RunColumnKind.Attribute, "duration", "Duration");
    public static readonly RunColumn Status = new(RunColumnKind.Attribute, "status", "Status");
    public static readonly RunColumn User = new(RunColumnKind.Attribute, "user_id", "User");
    public static readonly RunColumn Source = new(RunColumnKind.Attribute, "source", "Source");
    public static readonly RunColumn Experiment = new(RunColumnKind.Attribute, "experiment_id", "Experiment");
    public static readonly RunColumn Models = new(RunColumnKind.Attribute, "models", "Models");

    public static readonly IReadOnlyList<RunColumn> Attributes = [RunName, Created, Duration, Status, User, Source, Models];

    private static readonly IReadOnlyList<RunColumn> Known = [.. Attributes, Experiment];

    /// <summary>The order_by term (backquoted keys, so names with dots or spaces work), or null where the server cannot sort.</summary>
    public string? OrderBy(bool ascending)
    {
        var direction = ascending ? "ASC" : "DESC";
        return (Kind, Key) switch
        {
            (RunColumnKind.Attribute, "duration" or "experiment_id" or "models") => null,
            (RunColumnKind.Attribute, "source") => $"tags.`{SourceTag}` {direction}",
            (RunColumnKind.Attribute, _) => $"attributes.{Key} {direction}",
            _ => $"{Prefix}`{Key}` {direction}",
        };
    }

    public bool Sortable => OrderBy(true) is not null;

    /// <summary>The group header above the key names.</summary>
    public string Group => Kind switch
    {
        RunColumnKind.Metric => "Metrics",
        RunColumnKind.Param => "Parameters",
        RunColumnKind.Tag => "Tags",
        _ => "",
    };

    private string Prefix => Kind switch
    {
        RunColumnKind.Metric => "metrics.",
        RunColumnKind.Param => "params.",
        RunColumnKind.Tag => "tags.",
        _ => "attributes.",
    };

    public string Id => $"{Prefix}{Key}";

    private const string SourceTag = "mlflow.source.name";

    public string Value(RunDto run, RunsCellContext cells) => Kind switch
    {
        RunColumnKind.Metric => run.Metrics.FirstOrDefault(m => m.Key == Key) is { } m ? Shell.Formats.Number(m.Value) : "",
        RunColumnKind.Param => run.Params.FirstOrDefault(p => p.Key == Key)?.Value ?? "",
        RunColumnKind.Tag => Tag(run, Key) ?? "",
        _ => Key switch
        {
            "run_name" => run.Info.RunName ?? run.Info.RunId[..8],
            "start_time" => RunsTime.Ago(run.Info.StartTime, cells.NowMs),
            "duration" => RunsTime.Duration(run.Info, cells.NowMs),
            "status" => run.Info.Status,
            "source" => RunsTime.ShortSource(Tag(run, SourceTag)),
            "experiment_id" => cells.ExperimentNames.GetValueOrDefault(run.Info.ExperimentId, run.Info.ExperimentId),
            _ => Tag(run, "mlflow.user") ?? run.Info.UserId ?? "",
        },
    };

    /// <summary>What the cell's title shows: the exact time behind "3 minutes ago", the full source path.</summary>
    public string? Tooltip(RunDto run) => (Kind, Key) switch
    {
        (RunColumnKind.Attribute, "start_time") => Shell.Formats.Time(run.Info.StartTime),
        (RunColumnKind.Attribute, "source") => Tag(run, SourceTag),
        (RunColumnKind.Attribute, "duration") when run.Info.EndTime is null && run.Info.Status == "RUNNING" => "Still running",
        _ => null,
    };

    private static string? Tag(RunDto run, string key) => run.Tags.FirstOrDefault(t => t.Key == key)?.Value;

    /// <summary>Metric, param and tag columns from the keys of the whole experiment (the server leaves system tags out).</summary>
    public static List<RunColumn> FromKeys(RunColumnKeys keys) =>
    [
        .. keys.Metrics.Select(k => new RunColumn(RunColumnKind.Metric, k, k)),
        .. keys.Params.Select(k => new RunColumn(RunColumnKind.Param, k, k)),
        .. keys.Tags.Where(k => !SystemTags.IsSystem(k)).Select(k => new RunColumn(RunColumnKind.Tag, k, k)),
    ];

    /// <summary>The column a URL names by <see cref="Id"/>; null for an attribute the table does not have or a malformed id.</summary>
    public static RunColumn? Parse(string? id)
    {
        var dot = id?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (id is null || dot <= 0 || dot == id.Length - 1)
            return null;
        var key = id[(dot + 1)..];
        return id[..dot] switch
        {
            "metrics" => new RunColumn(RunColumnKind.Metric, key, key),
            "params" => new RunColumn(RunColumnKind.Param, key, key),
            "tags" => new RunColumn(RunColumnKind.Tag, key, key),
            "attributes" => Known.FirstOrDefault(c => c.Key == key),
            _ => null,
        };
    }
}
