namespace Workspaces.Data.Tracing;

/// <summary>A trace's metadata as the v3 API shows it (TraceInfoV3).</summary>
public sealed record TraceInfoDto(
    string TraceId,
    long ExperimentId,
    string? ClientRequestId,
    string? RequestPreview,
    string? ResponsePreview,
    long TimestampMs,
    long? ExecutionTimeMs,
    string State,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<AssessmentDto> Assessments);

/// <summary>A trace with its spans, each the stored MLflow span dict JSON (the API turns them into OpenTelemetry JSON).</summary>
public sealed record TraceDto(TraceInfoDto Info, IReadOnlyList<string> Spans);

/// <summary>What a client sends to start (upsert) a trace.</summary>
public sealed record StartTraceRequest(
    string? TraceId,
    string? ExperimentId,
    string? ClientRequestId,
    string? RequestPreview,
    string? ResponsePreview,
    long TimestampMs,
    long? ExecutionTimeMs,
    string? State,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<AssessmentInput> Assessments);

/// <summary>An assessment as stored and shown.</summary>
public sealed record AssessmentDto(
    string AssessmentId,
    string TraceId,
    string Name,
    string Type,
    string? ValueJson,
    string? ErrorJson,
    string? SerializationFormat,
    long CreateTimeMs,
    long LastUpdateTimeMs,
    string SourceType,
    string? SourceId,
    string? RunId,
    string? SpanId,
    string? Rationale,
    string? Overrides,
    bool Valid,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// An assessment sent by a client: <see cref="Type"/> is <c>feedback</c>, <c>expectation</c> or null (neither sent);
/// values are raw JSON.
/// </summary>
public sealed record AssessmentInput(
    string? Name,
    string? TraceId,
    string? SpanId,
    string? SourceType,
    string? SourceId,
    string? Type,
    string? ValueJson,
    string? ErrorJson,
    string? SerializationFormat,
    string? Rationale,
    IReadOnlyDictionary<string, string>? Metadata,
    string? Overrides,
    string? RunId,
    bool? Valid);

/// <summary>delete-traces: either ids, or an age bound with an optional count.</summary>
public sealed record DeleteTracesRequest(string? ExperimentId, long? MaxTimestampMillis, long? MaxTraces, IReadOnlyList<string>? TraceIds);

public sealed record TraceSearchRequest(IReadOnlyList<string> ExperimentIds, string? Filter, long? MaxResults, IReadOnlyList<string> OrderBy, string? PageToken);

public sealed record TracePage(IReadOnlyList<TraceInfoDto> Traces, string? NextPageToken);
