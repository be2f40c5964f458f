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
    public static readonly RunColumn Status = new(RunColumnKind.Attribute, "status", "Status");
    public static readonly RunColumn User = new(RunColumnKind.Attribute, "user_id", "User");

    public static readonly IReadOnlyList<RunColumn> Attributes = [RunName, Created, Status, User];

    /// <summary>The order_by term: backquoted keys so names with dots or spaces work.</summary>
    public string OrderBy(bool ascending) => $"{Prefix}{(Kind == RunColumnKind.Attribute ? Key : $"`{Key}`")} {(ascending ? "ASC" : "DESC")}";

    private string Prefix => Kind switch
    {
        RunColumnKind.Metric => "metrics.",
        RunColumnKind.Param => "params.",
        RunColumnKind.Tag => "tags.",
        _ => "attributes.",
    };

    public string Id => $"{Prefix}{Key}";

    public string Value(RunDto run) => Kind switch
    {
        RunColumnKind.Metric => run.Metrics.FirstOrDefault(m => m.Key == Key) is { } m ? Shell.Formats.Number(m.Value) : "",
        RunColumnKind.Param => run.Params.FirstOrDefault(p => p.Key == Key)?.Value ?? "",
        RunColumnKind.Tag => run.Tags.FirstOrDefault(t => t.Key == Key)?.Value ?? "",
        _ => Key switch
        {
            "run_name" => run.Info.RunName ?? run.Info.RunId[..8],
            "start_time" => Shell.Formats.Time(run.Info.StartTime),
            "status" => run.Info.Status,
            _ => run.Info.UserId ?? "",
        },
    };

    /// <summary>Metric, param and tag columns the given runs have (tags of the system namespace left out).</summary>
    public static List<RunColumn> Discover(IEnumerable<RunDto> runs)
    {
        var list = runs.ToList();
        return list.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).Select(k => new RunColumn(RunColumnKind.Metric, k, k))
            .Concat(list.SelectMany(r => r.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal).Select(k => new RunColumn(RunColumnKind.Param, k, k)))
            .Concat(list.SelectMany(r => r.Tags.Select(t => t.Key)).Where(k => !SystemTags.IsSystem(k)).Distinct()
                .Order(StringComparer.Ordinal).Select(k => new RunColumn(RunColumnKind.Tag, k, k)))
            .ToList();
    }
}
