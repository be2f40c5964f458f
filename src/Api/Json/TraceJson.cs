using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Json;

/// <summary>
/// Writes the tracing protos as MLflow's JSON (reference §1.2, §1.4b, §1.5): snake_case, empty fields left out, int64 as
/// numbers, times as Timestamp/Duration strings. Written by hand because assessment values and span attributes are raw
/// JSON of any shape, which a typed contract would re-encode.
/// </summary>
public static class TraceJson
{
    public static IResult Respond(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }

    public static void WriteInfo(Utf8JsonWriter w, TraceInfoDto t)
    {
        w.WriteStartObject();
        w.WriteString("trace_id", t.TraceId);
        if (!string.IsNullOrEmpty(t.ClientRequestId))
            w.WriteString("client_request_id", t.ClientRequestId);
        w.WriteStartObject("trace_location");
        w.WriteString("type", "MLFLOW_EXPERIMENT");
        w.WriteStartObject("mlflow_experiment");
        w.WriteString("experiment_id", t.ExperimentId.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndObject();
        if (!string.IsNullOrEmpty(t.RequestPreview))
            w.WriteString("request_preview", t.RequestPreview);
        if (!string.IsNullOrEmpty(t.ResponsePreview))
            w.WriteString("response_preview", t.ResponsePreview);
        w.WriteString("request_time", Timestamp(t.TimestampMs));
        if (t.ExecutionTimeMs is { } ms)
            w.WriteString("execution_duration", Duration(ms));
        w.WriteString("state", t.State);
        WriteMap(w, "trace_metadata", t.Metadata);
        if (t.Assessments.Count > 0)
        {
            w.WriteStartArray("assessments");
            foreach (var a in t.Assessments)
                WriteAssessment(w, a);
            w.WriteEndArray();
        }
        WriteMap(w, "tags", t.Tags);
        w.WriteEndObject();
    }

    public static void WriteTrace(Utf8JsonWriter w, TraceDto trace, bool withSpans)
    {
        w.WriteStartObject();
        w.WritePropertyName("trace_info");
        WriteInfo(w, trace.Info);
        if (withSpans)
        {
            w.WriteStartArray("spans");
            foreach (var span in trace.Spans)
                WriteOtelSpan(w, span);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    public static void WriteAssessment(Utf8JsonWriter w, AssessmentDto a)
    {
        w.WriteStartObject();
        w.WriteString("assessment_id", a.AssessmentId);
        w.WriteString("assessment_name", a.Name);
        w.WriteString("trace_id", a.TraceId);
        if (!string.IsNullOrEmpty(a.SpanId))
            w.WriteString("span_id", a.SpanId);
        w.WriteStartObject("source");
        w.WriteString("source_type", a.SourceType);
        if (!string.IsNullOrEmpty(a.SourceId))
            w.WriteString("source_id", a.SourceId);
        w.WriteEndObject();
        w.WriteString("create_time", Timestamp(a.CreateTimeMs));
        w.WriteString("last_update_time", Timestamp(a.LastUpdateTimeMs));
        w.WriteStartObject(a.Type == Data.Entities.Assessment.FeedbackType ? "feedback" : "expectation");
        if (a.SerializationFormat is not null)
        {
            w.WriteStartObject("serialized_value");
            w.WriteString("serialization_format", a.SerializationFormat);
            w.WriteString("value", a.ValueJson ?? "");
            w.WriteEndObject();
        }
        else if (a.ValueJson is not null)
        {
            w.WritePropertyName("value");
            w.WriteRawValue(a.ValueJson);
        }
        if (a.ErrorJson is not null)
        {
            w.WritePropertyName("error");
            w.WriteRawValue(a.ErrorJson);
        }
        w.WriteEndObject();
        if (!string.IsNullOrEmpty(a.Rationale))
            w.WriteString("rationale", a.Rationale);
        WriteMap(w, "metadata", a.Metadata);
        if (!string.IsNullOrEmpty(a.Overrides))
            w.WriteString("overrides", a.Overrides);
        w.WriteBoolean("valid", a.Valid);
        w.WriteEndObject();
    }

    /// <summary>A stored span dict as OpenTelemetry proto JSON: base64 ids, attributes as key/value pairs of string values.</summary>
    public static void WriteOtelSpan(Utf8JsonWriter w, string content)
    {
        using var doc = JsonDocument.Parse(content);
        var s = doc.RootElement;
        w.WriteStartObject();
        CopyString(w, s, "trace_id");
        CopyString(w, s, "span_id");
        if (s.TryGetProperty("trace_state", out var state) && state.ValueKind == JsonValueKind.String)
            w.WriteString("trace_state", state.GetString());
        if (s.TryGetProperty("parent_span_id", out var parent) && parent.ValueKind == JsonValueKind.String && parent.GetString()!.Length > 0)
            w.WriteString("parent_span_id", parent.GetString());
        CopyString(w, s, "name");
        CopyString(w, s, "kind");
        CopyNumber(w, s, "start_time_unix_nano");
        CopyNumber(w, s, "end_time_unix_nano");
        WriteAttributes(w, s);
        if (s.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array && events.GetArrayLength() > 0)
        {
            w.WriteStartArray("events");
            foreach (var e in events.EnumerateArray())
            {
                w.WriteStartObject();
                CopyNumber(w, e, "time_unix_nano");
                CopyString(w, e, "name");
                WriteAttributes(w, e);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (s.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object)
        {
            w.WriteStartObject("status");
            if (status.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && message.GetString() is { Length: > 0 } text)
                w.WriteString("message", text);
            CopyString(w, status, "code");
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>The traces.json artifact (MLflow span dicts), for get-trace-artifact.</summary>
    public static byte[] TracesFile(IReadOnlyList<string> spans)
    {
        var sb = new StringBuilder("{\"spans\": [");
        sb.AppendJoin(", ", spans);
        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    public static string Timestamp(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Duration(long ms) => (ms / 1000m).ToString("0.0##", CultureInfo.InvariantCulture) + "s";

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
            return;
        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
            w.WriteString(k, v);
        w.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter w, JsonElement owner)
    {
        if (!owner.TryGetProperty("attributes", out var attrs) || attrs.ValueKind != JsonValueKind.Object)
            return;
        w.WriteStartArray("attributes");
        foreach (var p in attrs.EnumerateObject())
        {
            w.WriteStartObject();
            w.WriteString("key", p.Name);
            w.WriteStartObject("value");
            w.WriteString("string_value", p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void CopyString(Utf8JsonWriter w, JsonElement e, string name)
    {
        if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
            w.WriteString(name, v.GetString());
    }

    private static void CopyNumber(Utf8JsonWriter w, JsonElement e, string name)
    {
        if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number)
            w.WriteNumber(name, v.GetInt64());
    }
}
