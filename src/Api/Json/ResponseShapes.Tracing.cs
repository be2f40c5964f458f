namespace Workspaces.Api.Json;

// Answer shapes of the tracing API, for the OpenAPI document only: the handlers write these by hand (TraceJson,
// TraceV2Endpoints) because assessment values and span attributes are raw JSON. Keep them in step with those writers:
// a nullable member is one the writer leaves out when unset or empty.

public sealed record MlflowExperimentLocationJson(string ExperimentId);

/// <summary>Always <c>MLFLOW_EXPERIMENT</c> with its experiment.</summary>
public sealed record TraceLocationJson(string Type, MlflowExperimentLocationJson MlflowExperiment);

/// <summary>
/// TraceInfoV3: <c>request_time</c> is a Timestamp string, <c>execution_duration</c> a Duration string (absent while
/// <c>IN_PROGRESS</c>), <c>state</c> one of <c>STATE_UNSPECIFIED</c>, <c>OK</c>, <c>ERROR</c>, <c>IN_PROGRESS</c>.
/// </summary>
public sealed record TraceInfoV3Json(string TraceId, string? ClientRequestId, TraceLocationJson TraceLocation, string? RequestPreview,
    string? ResponsePreview, string RequestTime, string? ExecutionDuration, string State, Dictionary<string, string>? TraceMetadata,
    List<AssessmentJson>? Assessments, Dictionary<string, string>? Tags);

/// <summary>An OpenTelemetry attribute value: MLflow's attribute values are JSON text, sent as strings.</summary>
public sealed record OtelAnyValueJson(string StringValue);

public sealed record OtelAttributeJson(string Key, OtelAnyValueJson Value);

public sealed record OtelSpanEventJson(long? TimeUnixNano, string? Name, List<OtelAttributeJson>? Attributes);

/// <summary><c>code</c> is <c>STATUS_CODE_UNSET</c>, <c>STATUS_CODE_OK</c> or <c>STATUS_CODE_ERROR</c>.</summary>
public sealed record OtelStatusJson(string? Message, string Code);

/// <summary>
/// A span as OpenTelemetry proto JSON: ids are base64 of their bytes, times nanoseconds since the epoch.
/// <c>end_time_unix_nano</c> is absent while the span is open.
/// </summary>
public sealed record OtelSpanJson(string TraceId, string SpanId, string? TraceState, string? ParentSpanId, string Name, string Kind,
    long StartTimeUnixNano, long? EndTimeUnixNano, List<OtelAttributeJson>? Attributes, List<OtelSpanEventJson>? Events, OtelStatusJson? Status);

/// <summary>MLflow's Trace: <c>spans</c> only from <c>traces/get</c> and <c>traces/batchGet</c>.</summary>
public sealed record MlflowTraceJson(TraceInfoV3Json TraceInfo, List<OtelSpanJson>? Spans);

/// <summary>StartTraceV3 and GetTraceInfoV3 (the info only) and GetTrace (with spans).</summary>
public sealed record TraceResponse(MlflowTraceJson Trace);

/// <summary>The traces found, in no particular order; unknown ids are left out.</summary>
public sealed record BatchGetTracesResponse(List<MlflowTraceJson> Traces);

/// <summary>The infos found, in the request's order; unknown ids are left out.</summary>
public sealed record BatchGetTraceInfosResponse(List<TraceInfoV3Json>? TraceInfos);

/// <summary><c>next_page_token</c> is absent on the last page.</summary>
public sealed record SearchTracesV3Response(List<TraceInfoV3Json>? Traces, string? NextPageToken);

public sealed record DeleteTracesResponse(long TracesDeleted);

/// <summary>
/// An assessment: <c>create_time</c> and <c>last_update_time</c> are Timestamp strings; exactly one of <c>feedback</c>
/// and <c>expectation</c>; <c>valid</c> is false once another assessment overrides this one.
/// </summary>
public sealed record AssessmentJson(string AssessmentId, string AssessmentName, string TraceId, string? SpanId, AssessmentSourceJson Source,
    string CreateTime, string LastUpdateTime, FeedbackJson? Feedback, ExpectationJson? Expectation, string? Rationale,
    Dictionary<string, string>? Metadata, string? Overrides, bool Valid);

public sealed record AssessmentResponse(AssessmentJson Assessment);

/// <summary>
/// The legacy TraceInfoV2: <c>request_id</c> is the trace id, times are milliseconds, <c>status</c> is <c>OK</c>,
/// <c>ERROR</c>, <c>IN_PROGRESS</c> or <c>TRACE_STATUS_UNSPECIFIED</c>, metadata and tags are key/value lists.
/// </summary>
public sealed record TraceInfoV2Json(string RequestId, string ExperimentId, long TimestampMs, long? ExecutionTimeMs, string Status,
    List<KeyValueJson>? RequestMetadata, List<KeyValueJson>? Tags);

public sealed record TraceInfoV2Response(TraceInfoV2Json TraceInfo);

public sealed record SearchTracesV2Response(List<TraceInfoV2Json>? Traces, string? NextPageToken);

/// <summary>An undefined NPMI (a filter that matches nothing) is left out.</summary>
public sealed record CalculateTraceFilterCorrelationResponse(double? Npmi, double? NpmiSmoothed, int Filter1Count, int Filter2Count, int JointCount,
    int TotalCount);
