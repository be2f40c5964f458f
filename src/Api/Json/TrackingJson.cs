using System.Text.Json.Serialization;
using Workspaces.Data.Common;
using Workspaces.Data.Tracking;

namespace Workspaces.Api.Json;

// Wire shapes of the tracking API (service.proto). Null members and null lists are omitted, as proto
// JSON omits unset fields and empty repeated fields.

public sealed record KeyValueJson(string Key, string? Value)
{
    public static List<KeyValueJson>? From(IReadOnlyList<KeyValue> items) => items.Count == 0 ? null : items.Select(i => new KeyValueJson(i.Key, i.Value)).ToList();
}

public sealed record ExperimentJson(string ExperimentId, string Name, string? ArtifactLocation, string LifecycleStage, long? LastUpdateTime,
    long? CreationTime, List<KeyValueJson>? Tags, string Workspace)
{
    public static ExperimentJson From(ExperimentInfo e) =>
        new(e.ExperimentId, e.Name, e.ArtifactLocation, e.LifecycleStage, e.LastUpdateTime, e.CreationTime, KeyValueJson.From(e.Tags), e.Workspace);
}

public sealed record CreateExperimentResponse(string ExperimentId);

public sealed record ExperimentResponse(ExperimentJson Experiment);

public sealed record SearchExperimentsResponse(List<ExperimentJson>? Experiments, string? NextPageToken);

public sealed record MetricJson(string Key, [property: JsonConverter(typeof(MlflowDoubleConverter))] double Value, long Timestamp, long Step,
    string? DatasetName = null, string? DatasetDigest = null, string? ModelId = null, string? RunId = null)
{
    public static MetricJson From(MetricDto m) => new(m.Key, m.Value, m.Timestamp, m.Step, m.DatasetName, m.DatasetDigest, m.ModelId, m.RunId);

    public static List<MetricJson>? From(IReadOnlyList<MetricDto> items) => items.Count == 0 ? null : items.Select(From).ToList();
}

public sealed record RunInfoJson(string RunId, string RunUuid, string? RunName, string ExperimentId, string? UserId, string Status, long StartTime,
    long? EndTime, string? ArtifactUri, string LifecycleStage)
{
    public static RunInfoJson From(RunInfoDto i) =>
        new(i.RunId, i.RunId, i.RunName, i.ExperimentId, i.UserId, i.Status, i.StartTime, i.EndTime, i.ArtifactUri, i.LifecycleStage);
}

public sealed record RunDataJson(List<MetricJson>? Metrics, List<KeyValueJson>? Params, List<KeyValueJson>? Tags);

public sealed record DatasetJson(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile);

public sealed record DatasetInputJson(List<KeyValueJson>? Tags, DatasetJson Dataset);

public sealed record ModelInputJson(string ModelId);

public sealed record ModelOutputJson(string ModelId, long Step);

public sealed record RunInputsJson(List<DatasetInputJson>? DatasetInputs, List<ModelInputJson>? ModelInputs);

public sealed record RunOutputsJson(List<ModelOutputJson>? ModelOutputs);

public sealed record RunJson(RunInfoJson Info, RunDataJson Data, RunInputsJson Inputs, RunOutputsJson? Outputs)
{
    public static RunJson From(RunDto r) => new(
        RunInfoJson.From(r.Info),
        new RunDataJson(MetricJson.From(r.Metrics), KeyValueJson.From(r.Params), KeyValueJson.From(r.Tags)),
        new RunInputsJson(
            r.DatasetInputs.Count == 0 ? null : r.DatasetInputs.Select(d => new DatasetInputJson(KeyValueJson.From(d.Tags),
                new DatasetJson(d.Dataset.Name, d.Dataset.Digest, d.Dataset.SourceType, d.Dataset.Source, d.Dataset.Schema, d.Dataset.Profile))).ToList(),
            r.ModelInputs.Count == 0 ? null : r.ModelInputs.Select(m => new ModelInputJson(m.ModelId)).ToList()),
        r.ModelOutputs.Count == 0 ? null : new RunOutputsJson(r.ModelOutputs.Select(m => new ModelOutputJson(m.ModelId, m.Step ?? 0)).ToList()));
}

public sealed record RunResponse(RunJson Run);

public sealed record UpdateRunResponse(RunInfoJson RunInfo);

public sealed record SearchRunsResponse(List<RunJson>? Runs, string? NextPageToken);

public sealed record MetricsResponse(List<MetricJson>? Metrics, string? NextPageToken);

public sealed record LoggedModelInfoJson(string ModelId, string ExperimentId, string Name, long CreationTimestampMs, long LastUpdatedTimestampMs,
    string? ArtifactUri, string Status, string? ModelType, string? SourceRunId, string? StatusMessage, List<KeyValueJson>? Tags);

public sealed record LoggedModelDataJson(List<KeyValueJson>? Params, List<MetricJson>? Metrics);

public sealed record LoggedModelJson(LoggedModelInfoJson Info, LoggedModelDataJson Data)
{
    public static LoggedModelJson From(LoggedModelDto m) => new(
        new LoggedModelInfoJson(m.ModelId, m.ExperimentId, m.Name, m.CreationTimestampMs, m.LastUpdatedTimestampMs, m.ArtifactUri, m.Status,
            m.ModelType, m.SourceRunId, m.StatusMessage, KeyValueJson.From(m.Tags)),
        new LoggedModelDataJson(KeyValueJson.From(m.Params), MetricJson.From(m.Metrics)));
}

public sealed record LoggedModelResponse(LoggedModelJson Model);

public sealed record SearchLoggedModelsResponse(List<LoggedModelJson>? Models, string? NextPageToken);

public sealed record ListArtifactsResponse(string? RootUri, List<FileInfoJson>? Files, string? NextPageToken);

public sealed record FileInfoJson(string Path, bool IsDir, long? FileSize);

/// <summary>The empty proto message: <c>{}</c>.</summary>
public sealed record EmptyResponse;
