namespace Workspaces.Data.Tracing;

/// <summary>
/// One span as received from OpenTelemetry (OTLP protobuf or OTLP/JSON, already decoded by the API layer), in the form the
/// store keeps: ids as lowercase hex, times in nanoseconds since the epoch, attribute values JSON-encoded (a string
/// attribute <c>LLM</c> is kept as <c>"LLM"</c>, as MLflow stores <c>mlflow.spanType</c>; numbers, booleans, arrays and
/// key-value lists as their JSON).
/// </summary>
/// <param name="TraceId">32 lowercase hex characters (the OpenTelemetry trace id); the MLflow trace id is <c>tr-</c> + this.</param>
/// <param name="SpanId">16 lowercase hex characters.</param>
/// <param name="ParentSpanId">16 lowercase hex characters, or null for a root span.</param>
/// <param name="Name">The span's name (the root span's becomes the trace name).</param>
/// <param name="Kind">OpenTelemetry span kind name: <c>SPAN_KIND_INTERNAL</c>, <c>SPAN_KIND_SERVER</c>, … (<c>SPAN_KIND_UNSPECIFIED</c> when absent).</param>
/// <param name="StartTimeUnixNano">Start, nanoseconds since the Unix epoch.</param>
/// <param name="EndTimeUnixNano">End, nanoseconds since the Unix epoch (0 while the span is open).</param>
/// <param name="StatusCode"><c>STATUS_CODE_UNSET</c>, <c>STATUS_CODE_OK</c> or <c>STATUS_CODE_ERROR</c>.</param>
/// <param name="StatusMessage">The status description, if any.</param>
/// <param name="Attributes">Attribute key → JSON-encoded value, in arrival order.</param>
/// <param name="Events">Events (exceptions, logs) in arrival order.</param>
/// <param name="ResourceAttributes">The resource's attributes (e.g. <c>service.name</c>), JSON-encoded like <paramref name="Attributes"/>.</param>
/// <param name="TraceState">The W3C trace state, if any.</param>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    long StartTimeUnixNano,
    long EndTimeUnixNano,
    string StatusCode,
    string? StatusMessage,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<SpanEventRecord> Events,
    IReadOnlyList<KeyValuePair<string, string>> ResourceAttributes,
    string? TraceState = null);

/// <summary>A span event (an exception, a log line): name, time in nanoseconds, attributes JSON-encoded.</summary>
public sealed record SpanEventRecord(string Name, long TimeUnixNano, IReadOnlyList<KeyValuePair<string, string>> Attributes);
