namespace Workspaces.Api.Json;

// Request shapes of the tracking API (service.proto), for the OpenAPI document only: the handlers read these fields
// themselves (FieldReader), with these snake_case names. A nullable member is optional; run_uuid is MLflow's deprecated
// alias of run_id. GET requests carry the same fields in the query string.

public sealed record CreateExperimentRequestJson(string Name, string? ArtifactLocation = null, List<KeyValueJson>? Tags = null);

public sealed record ExperimentIdRequestJson(string ExperimentId);

public sealed record GetExperimentByNameRequestJson(string ExperimentName);

public sealed record SearchExperimentsRequestJson(long? MaxResults = null, string? PageToken = null, string? Filter = null, List<string>? OrderBy = null,
    string? ViewType = null);

public sealed record UpdateExperimentRequestJson(string ExperimentId, string NewName);

public sealed record SetExperimentTagRequestJson(string ExperimentId, string Key, string Value);

public sealed record DeleteExperimentTagRequestJson(string ExperimentId, string Key);

public sealed record CreateRunRequestJson(string ExperimentId, string? UserId = null, string? RunName = null, long? StartTime = null,
    List<KeyValueJson>? Tags = null);

public sealed record RunIdRequestJson(string RunId, string? RunUuid = null);

public sealed record UpdateRunRequestJson(string RunId, string? RunUuid = null, string? Status = null, long? EndTime = null, string? RunName = null);

public sealed record SearchRunsRequestJson(List<string>? ExperimentIds = null, string? Filter = null, string? RunViewType = null, long? MaxResults = null,
    List<string>? OrderBy = null, string? PageToken = null);

public sealed record LogMetricRequestJson(string RunId, string Key, double Value, long Timestamp, long? Step = null, string? RunUuid = null,
    string? ModelId = null, string? DatasetName = null, string? DatasetDigest = null);

public sealed record LogParamRequestJson(string RunId, string Key, string Value, string? RunUuid = null);

public sealed record SetTagRequestJson(string RunId, string Key, string Value, string? RunUuid = null);

public sealed record DeleteTagRequestJson(string RunId, string Key);

/// <summary>One metric of a batch (step defaults to 0).</summary>
public sealed record MetricInputJson(string Key, double Value, long Timestamp, long? Step = null, string? ModelId = null, string? DatasetName = null,
    string? DatasetDigest = null);

public sealed record LogBatchRequestJson(string RunId, List<MetricInputJson>? Metrics = null, List<KeyValueJson>? Params = null,
    List<KeyValueJson>? Tags = null);

public sealed record LogInputsRequestJson(string RunId, List<DatasetInputJson>? Datasets = null, List<ModelInputJson>? Models = null);

public sealed record LogOutputsRequestJson(string RunId, List<ModelOutputJson> Models);

public sealed record LogModelRequestJson(string RunId, string ModelJson);

public sealed record GetMetricHistoryRequestJson(string RunId, string MetricKey, string? RunUuid = null, long? MaxResults = null, string? PageToken = null);

public sealed record GetMetricHistoryBulkIntervalRequestJson(List<string> RunIds, string MetricKey, long? StartStep = null, long? EndStep = null,
    long? MaxResults = null);

public sealed record CreateLoggedModelRequestJson(string ExperimentId, string? Name = null, string? ModelType = null, string? SourceRunId = null,
    List<KeyValueJson>? Params = null, List<KeyValueJson>? Tags = null);

public sealed record LoggedModelDatasetJson(string DatasetName, string? DatasetDigest = null);

public sealed record LoggedModelOrderJson(string FieldName, bool? Ascending = null, string? DatasetName = null, string? DatasetDigest = null);

public sealed record SearchLoggedModelsRequestJson(List<string>? ExperimentIds = null, string? Filter = null, List<LoggedModelDatasetJson>? Datasets = null,
    long? MaxResults = null, List<LoggedModelOrderJson>? OrderBy = null, string? PageToken = null);

public sealed record GetLoggedModelRequestJson(bool? AllowDeleted = null);

/// <summary>Finalizes a logged model: <c>LOGGED_MODEL_READY</c> or <c>LOGGED_MODEL_UPLOAD_FAILED</c>.</summary>
public sealed record FinalizeLoggedModelRequestJson(string Status);

public sealed record LoggedModelTagsRequestJson(List<KeyValueJson>? Tags = null);

public sealed record LoggedModelParamsRequestJson(List<KeyValueJson>? Params = null);

/// <summary>A directory relative to the artifact root (the root itself when absent).</summary>
public sealed record ArtifactPathRequestJson(string? Path = null);

public sealed record ListRunArtifactsRequestJson(string RunId, string? RunUuid = null, string? Path = null, string? PageToken = null);

public sealed record LoggedModelDirectoryRequestJson(string? ArtifactDirectoryPath = null);

public sealed record LoggedModelFileRequestJson(string ArtifactFilePath);

public sealed record RunArtifactFileRequestJson(string RunId, string Path, string? RunUuid = null);

public sealed record ModelVersionArtifactFileRequestJson(string Name, string Version, string Path);
