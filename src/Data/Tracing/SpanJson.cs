using System.Text;
using System.Text.Json;

namespace Workspaces.Data.Tracing;

/// <summary>
/// Writes a <see cref="SpanRecord"/> as MLflow's span dict (reference §1.4a, the <c>spans.content</c> column) and reads
/// attribute values back: values are JSON, and MLflow's own clients JSON-encode strings once more before OpenTelemetry
/// sees them, so readers unwrap string layers.
/// </summary>
public static class SpanJson
{
    public static string ToContent(SpanRecord span)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("trace_id", HexToBase64(span.TraceId));
            w.WriteString("span_id", HexToBase64(span.SpanId));
            w.WriteString("parent_span_id", span.ParentSpanId is null ? "" : HexToBase64(span.ParentSpanId));
            w.WriteString("name", span.Name);
            w.WriteString("kind", span.Kind);
            w.WriteNumber("start_time_unix_nano", span.StartTimeUnixNano);
            if (span.EndTimeUnixNano > 0)
                w.WriteNumber("end_time_unix_nano", span.EndTimeUnixNano);
            else
                w.WriteNull("end_time_unix_nano");
            w.WriteStartObject("status");
            w.WriteString("code", span.StatusCode);
            w.WriteString("message", span.StatusMessage ?? "");
            w.WriteEndObject();
            WriteAttributes(w, "attributes", span.Attributes);
            w.WriteStartArray("events");
            foreach (var e in span.Events)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                w.WriteNumber("time_unix_nano", e.TimeUnixNano);
                WriteAttributes(w, "attributes", e.Attributes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("links");
            w.WriteEndArray();
            if (!string.IsNullOrEmpty(span.TraceState))
                w.WriteString("trace_state", span.TraceState);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The attribute's text: a JSON string is unwrapped (twice for MLflow's double encoding); other JSON stays as written.</summary>
    public static string Text(string json)
    {
        var once = Unwrap(json);
        return ReferenceEquals(once, json) ? json : Unwrap(once);
    }

    /// <summary>One JSON string layer removed; anything else as it is.</summary>
    public static string Unwrap(string json)
    {
        if (json.Length < 2 || json[0] != '"')
            return json;
        try
        {
            return JsonSerializer.Deserialize<string>(json) ?? "";
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string? Attribute(IReadOnlyList<KeyValuePair<string, string>> attributes, string key)
    {
        for (var i = attributes.Count - 1; i >= 0; i--)
            if (attributes[i].Key == key)
                return attributes[i].Value;
        return null;
    }

    /// <summary><c>STATUS_CODE_OK</c> → <c>OK</c> (the <c>spans.status</c> column and filters use the short names).</summary>
    public static string ShortStatus(string code) =>
        code.StartsWith("STATUS_CODE_", StringComparison.Ordinal) ? code["STATUS_CODE_".Length..] : code.Length == 0 ? "UNSET" : code;

    public static string HexToBase64(string hex)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            // Not hex (a hand-made id): keep it readable rather than fail the whole batch.
            return hex;
        }
    }

    private static void WriteAttributes(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        w.WriteStartObject(name);
        // Arrival order; a repeated key keeps its last value.
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < attributes.Count; i++)
            last[attributes[i].Key] = i;
        for (var i = 0; i < attributes.Count; i++)
            if (last[attributes[i].Key] == i)
                WriteValue(w, attributes[i].Key, attributes[i].Value);
        w.WriteEndObject();
    }

    /// <summary>
    /// A record's value is the JSON of the OpenTelemetry value; the span dict holds that value itself, as MLflow's
    /// <c>Span.from_otel_proto</c> keeps it: a string as the string (for MLflow's clients already JSON, e.g.
    /// <c>"\"LLM\""</c>), a number, boolean, list or map as JSON. Text that is not JSON stays a string.
    /// </summary>
    private static void WriteValue(Utf8JsonWriter w, string key, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.String)
                w.WriteString(key, doc.RootElement.GetString());
            else
            {
                w.WritePropertyName(key);
                doc.RootElement.WriteTo(w);
            }
        }
        catch (JsonException)
        {
            w.WriteString(key, json);
        }
    }
}
