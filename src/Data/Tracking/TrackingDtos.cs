using Workspaces.Data.Common;

namespace Workspaces.Data.Tracking;

public sealed record ExperimentInfo(
    string ExperimentId, string Name, string? ArtifactLocation, string LifecycleStage,
    long? LastUpdateTime, long? CreationTime, IReadOnlyList<KeyValue> Tags, string Workspace);

public sealed record ExperimentPage(IReadOnlyList<ExperimentInfo> Experiments, string? NextPageToken);

/// <summary>An experiment's active runs as the experiment list sums them up: how many, and when the latest one started.</summary>
public sealed record ExperimentRunStats(long Runs, long? LastRunStart);

public sealed record RunInfoDto(
    string RunId, string? RunName, string ExperimentId, string? UserId, string Status, long StartTime,
    long? EndTime, string? ArtifactUri, string LifecycleStage);

/// <summary>A metric point as returned: <see cref="Value"/> is NaN for stored NaN.</summary>
public sealed record MetricDto(string Key, double Value, long Timestamp, long Step, string? RunId = null,
    string? ModelId = null, string? DatasetName = null, string? DatasetDigest = null);

public sealed record DatasetDto(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile);

public sealed record DatasetInputDto(IReadOnlyList<KeyValue> Tags, DatasetDto Dataset);

public sealed record ModelIoDto(string ModelId, long? Step);

public sealed record RunDto(
    RunInfoDto Info,
    IReadOnlyList<MetricDto> Metrics,
    IReadOnlyList<KeyValue> Params,
    IReadOnlyList<KeyValue> Tags,
    IReadOnlyList<DatasetInputDto> DatasetInputs,
    IReadOnlyList<ModelIoDto> ModelInputs,
    IReadOnlyList<ModelIoDto> ModelOutputs);

public sealed record RunPage(IReadOnlyList<RunDto> Runs, string? NextPageToken);

public sealed record MetricPage(IReadOnlyList<MetricDto> Metrics, string? NextPageToken);

public sealed record CreateRunRequest(string? ExperimentId, string? UserId, string? RunName, long? StartTime, IReadOnlyList<KeyValue> Tags);

public sealed record DatasetInputRequest(DatasetDto Dataset, IReadOnlyList<KeyValue> Tags);

public enum ViewType
{
    ActiveOnly = 1,
    DeletedOnly = 2,
    All = 3,
}

public static class ViewTypes
{
    public static readonly IReadOnlyList<(int Number, string Name)> All =
        [(1, "ACTIVE_ONLY"), (2, "DELETED_ONLY"), (3, "ALL")];

    public static ViewType Parse(string? name) => name switch
    {
        "DELETED_ONLY" => ViewType.DeletedOnly,
        "ALL" => ViewType.All,
        _ => ViewType.ActiveOnly,
    };

    /// <summary>The lifecycle stages a view type selects.</summary>
    public static string[] Stages(ViewType view) => view switch
    {
        ViewType.DeletedOnly => ["deleted"],
        ViewType.All => ["active", "deleted"],
        _ => ["active"],
    };
}
