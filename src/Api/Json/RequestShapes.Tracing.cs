using System.Text.Json;

namespace Workspaces.Api.Json;

// Request shapes of the tracing API (service.proto, assessments.proto), for the OpenAPI document only (see
// RequestShapes.Tracking.cs): TraceEndpoints, TraceV2Endpoints and AssessmentEndpoints read these fields themselves
// (FieldReader, TraceRequests). A nullable member is optional. Times in TraceInfoV3 are protobuf Timestamp and Duration
// strings ("2026-01-05T10:00:00.123Z", "0.25s").

/// <summary>Where a trace lives; only <c>mlflow_experiment</c> locations are served (type <c>MLFLOW_EXPERIMENT</c>).</summary>
public sealed record TraceLocationInputJson(string? Type = null, MlflowExperimentLocationJson? MlflowExperiment = null);

/// <summary>
/// TraceInfoV3 as a client sends it. <c>trace_location.mlflow_experiment.experiment_id</c> is required; the server adds
/// its own tags (<c>mlflow.artifactLocation</c>).
/// </summary>
public sealed record TraceInfoV3InputJson(string TraceId, TraceLocationInputJson TraceLocation, string? ClientRequestId = null,
    string? RequestPreview = null, string? ResponsePreview = null, string? RequestTime = null, string? ExecutionDuration = null, string? State = null,
    Dictionary<string, string>? TraceMetadata = null, List<AssessmentInputJson>? Assessments = null, Dictionary<string, string>? Tags = null);

/// <summary>A trace as StartTraceV3 takes it: spans, if sent, are ignored (they arrive through <c>POST /v1/traces</c>).</summary>
public sealed record TraceInputJson(TraceInfoV3InputJson TraceInfo);

public sealed record StartTraceV3RequestJson(TraceInputJson Trace);

/// <summary><c>allow_partial</c> is <c>true</c> or <c>false</c>.</summary>
public sealed record GetTraceRequestJson(string TraceId, bool? AllowPartial = null);

/// <summary>batchGet (query) and batchGetInfos (body); unknown ids are left out of the answer.</summary>
public sealed record TraceIdsRequestJson(List<string> TraceIds);

/// <summary>SearchTracesV3: the experiments to search are the <c>mlflow_experiment</c> locations; <c>max_results</c> is at most 500.</summary>
public sealed record SearchTracesV3RequestJson(List<TraceLocationInputJson> Locations, string? Filter = null, long? MaxResults = null,
    List<string>? OrderBy = null, string? PageToken = null);

/// <summary>
/// DeleteTraces: either <c>max_timestamp_millis</c> (inclusive, oldest first, at most <c>max_traces</c>) or the ids, named
/// <c>request_ids</c> even in v3 (<c>trace_ids</c> is read when <c>request_ids</c> is absent).
/// </summary>
public sealed record DeleteTracesRequestJson(string ExperimentId, long? MaxTimestampMillis = null, long? MaxTraces = null,
    List<string>? RequestIds = null, List<string>? TraceIds = null);

public sealed record SetTraceTagRequestJson(string Key, string? Value = null);

public sealed record DeleteTraceTagRequestJson(string Key);

/// <summary>At most 100 trace ids; ids of traces in another workspace are ignored.</summary>
public sealed record LinkTracesToRunRequestJson(List<string> TraceIds, string RunId);

public sealed record PromptVersionRefJson(string Name, string? Version = null);

public sealed record LinkPromptsToTraceRequestJson(string TraceId, List<PromptVersionRefJson>? PromptVersions = null);

/// <summary>The trace whose <c>traces.json</c> (MLflow span dicts) to download.</summary>
public sealed record GetTraceArtifactRequestJson(string RequestId);

/// <summary>An expectation's value stored as text, e.g. <c>JSON_FORMAT</c>.</summary>
public sealed record SerializedValueJson(string SerializationFormat, string Value);

/// <summary>Why a feedback has no value (e.g. the judge failed).</summary>
public sealed record AssessmentErrorJson(string? ErrorCode = null, string? ErrorMessage = null, string? StackTrace = null);

/// <summary>A feedback: its value is any JSON value (a number, boolean, string or list of strings), or absent with an error.</summary>
public sealed record FeedbackJson(JsonElement? Value = null, AssessmentErrorJson? Error = null);

/// <summary>An expectation: a JSON value, or a serialized one.</summary>
public sealed record ExpectationJson(JsonElement? Value = null, SerializedValueJson? SerializedValue = null);

/// <summary><c>source_type</c> is <c>HUMAN</c>, <c>LLM_JUDGE</c> or <c>CODE</c>.</summary>
public sealed record AssessmentSourceJson(string SourceType, string? SourceId = null);

/// <summary>
/// An assessment as a client sends it: exactly one of <c>feedback</c> and <c>expectation</c>; <c>assessment_name</c> is
/// required on create. The trace id in the path wins over <c>trace_id</c>.
/// </summary>
public sealed record AssessmentInputJson(string? AssessmentName = null, string? TraceId = null, string? SpanId = null, AssessmentSourceJson? Source = null,
    FeedbackJson? Feedback = null, ExpectationJson? Expectation = null, string? Rationale = null, Dictionary<string, string>? Metadata = null,
    string? Overrides = null, string? RunId = null, bool? Valid = null);

public sealed record CreateAssessmentRequestJson(AssessmentInputJson Assessment);

/// <summary>
/// <c>update_mask</c> is a comma-separated FieldMask of the fields to change: <c>assessment_name</c>, <c>feedback</c>,
/// <c>expectation</c>, <c>rationale</c>, <c>metadata</c> (merged), <c>valid</c>.
/// </summary>
public sealed record UpdateAssessmentRequestJson(AssessmentInputJson Assessment, string UpdateMask);

/// <summary>The legacy StartTrace (v2): the server makes the id and the trace starts <c>IN_PROGRESS</c>.</summary>
public sealed record StartTraceV2RequestJson(string ExperimentId, long? TimestampMs = null, List<KeyValueJson>? RequestMetadata = null,
    List<KeyValueJson>? Tags = null);

/// <summary>The legacy EndTrace (v2): metadata and tags are merged into the trace's.</summary>
public sealed record EndTraceV2RequestJson(long TimestampMs, string? Status = null, List<KeyValueJson>? RequestMetadata = null,
    List<KeyValueJson>? Tags = null);

/// <summary>The legacy SearchTraces (v2).</summary>
public sealed record SearchTracesV2RequestJson(List<string>? ExperimentIds = null, string? Filter = null, long? MaxResults = null,
    List<string>? OrderBy = null, string? PageToken = null);

public sealed record CalculateTraceFilterCorrelationRequestJson(List<string> ExperimentIds, string FilterString1, string FilterString2,
    string? BaseFilter = null);
