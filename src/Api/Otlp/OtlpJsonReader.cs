using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Workspaces.Api.Otlp.Proto;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Otlp;

/// <summary>
/// Reads OTLP/JSON (the OTLP specification's JSON mapping) into the same messages the protobuf parser yields, so one
/// mapper serves both. Differences from protobuf's canonical JSON, as the specification requires: trace and span ids are
/// hex (not base64), and enums may be integers. Keys are lowerCamelCase, snake_case is accepted too; 64-bit integers
/// may be strings or numbers; unknown fields are ignored; a JSON null is an absent field.
/// </summary>
public static class OtlpJsonReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    public static Result<ExportTraceServiceRequest> Read(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), Options);
            var request = new ExportTraceServiceRequest();
            foreach (var item in Array(Object(document.RootElement), "resourceSpans", "resource_spans"))
                request.ResourceSpans.Add(ReadResourceSpans(item));
            return request;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            return Error.BadRequest(OtlpTraceDecoder.InvalidFormat);
        }
    }

    private static ResourceSpans ReadResourceSpans(JsonElement element)
    {
        var result = new ResourceSpans();
        if (Field(Object(element), "resource") is { } resource)
        {
            result.Resource = new Resource();
            AddAttributes(result.Resource.Attributes, Object(resource));
        }
        foreach (var scopeSpans in Array(element, "scopeSpans", "scope_spans"))
        {
            var scope = new ScopeSpans();
            foreach (var span in Array(Object(scopeSpans), "spans"))
                scope.Spans.Add(ReadSpan(Object(span)));
            result.ScopeSpans.Add(scope);
        }
        return result;
    }

    private static Span ReadSpan(JsonElement element)
    {
        var span = new Span
        {
            TraceId = Id(element, "traceId", "trace_id"),
            SpanId = Id(element, "spanId", "span_id"),
            ParentSpanId = Id(element, "parentSpanId", "parent_span_id"),
            TraceState = String(element, "traceState", "trace_state"),
            Name = String(element, "name"),
            Kind = (Span.Types.SpanKind)Enum(element, "kind", "kind", "SPAN_KIND_", ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"]),
            StartTimeUnixNano = UInt64(element, "startTimeUnixNano", "start_time_unix_nano"),
            EndTimeUnixNano = UInt64(element, "endTimeUnixNano", "end_time_unix_nano"),
        };
        AddAttributes(span.Attributes, element);
        foreach (var item in Array(element, "events"))
        {
            var e = Object(item);
            var ev = new Span.Types.Event { Name = String(e, "name"), TimeUnixNano = UInt64(e, "timeUnixNano", "time_unix_nano") };
            AddAttributes(ev.Attributes, e);
            span.Events.Add(ev);
        }
        if (Field(element, "status") is { } status)
        {
            Object(status);
            span.Status = new Status
            {
                Message = String(status, "message"),
                Code = (Status.Types.StatusCode)Enum(status, "code", "code", "STATUS_CODE_", ["UNSET", "OK", "ERROR"]),
            };
        }
        return span;
    }

    private static void AddAttributes(Google.Protobuf.Collections.RepeatedField<KeyValue> target, JsonElement owner)
    {
        foreach (var item in Array(owner, "attributes"))
            target.Add(ReadKeyValue(Object(item)));
    }

    private static KeyValue ReadKeyValue(JsonElement element) => new()
    {
        Key = String(element, "key"),
        Value = Field(element, "value") is { } value ? ReadAnyValue(Object(value)) : null,
    };

    private static AnyValue ReadAnyValue(JsonElement element)
    {
        if (Field(element, "stringValue", "string_value") is { } s)
            return new AnyValue { StringValue = s.GetString()! };
        if (Field(element, "boolValue", "bool_value") is { } b)
            return new AnyValue { BoolValue = b.GetBoolean() };
        if (Field(element, "intValue", "int_value") is { } i)
            return new AnyValue { IntValue = i.ValueKind == JsonValueKind.String ? long.Parse(i.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : i.GetInt64() };
        if (Field(element, "doubleValue", "double_value") is { } d)
            return new AnyValue { DoubleValue = Double(d) };
        if (Field(element, "arrayValue", "array_value") is { } array)
        {
            var list = new ArrayValue();
            foreach (var item in Array(Object(array), "values"))
                list.Values.Add(ReadAnyValue(Object(item)));
            return new AnyValue { ArrayValue = list };
        }
        if (Field(element, "kvlistValue", "kvlist_value") is { } kvlist)
        {
            var list = new KeyValueList();
            foreach (var item in Array(Object(kvlist), "values"))
                list.Values.Add(ReadKeyValue(Object(item)));
            return new AnyValue { KvlistValue = list };
        }
        if (Field(element, "bytesValue", "bytes_value") is { } bytes)
            return new AnyValue { BytesValue = ByteString.FromBase64(bytes.GetString()!) };
        return new AnyValue();
    }

    /// <summary>A double as a JSON number, or as a string: a number in text, or protobuf's NaN/Infinity/-Infinity.</summary>
    private static double Double(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var text => double.Parse(text!, NumberStyles.Float, CultureInfo.InvariantCulture),
        }
        : element.GetDouble();

    private static ByteString Id(JsonElement owner, string camel, string snake) =>
        Field(owner, camel, snake) is { } id ? ByteString.CopyFrom(Convert.FromHexString(id.GetString()!)) : ByteString.Empty;

    private static string String(JsonElement owner, string camel, string? snake = null) =>
        Field(owner, camel, snake ?? camel) is { } value ? value.GetString()! : "";

    private static ulong UInt64(JsonElement owner, string camel, string snake) => Field(owner, camel, snake) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.String } text => ulong.Parse(text.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture),
        { } number => number.GetUInt64(),
    };

    /// <summary>An enum given as its number or its full name (<c>SPAN_KIND_SERVER</c>); an unknown number is kept as protobuf keeps it.</summary>
    private static int Enum(JsonElement owner, string camel, string snake, string prefix, string[] names)
    {
        if (Field(owner, camel, snake) is not { } value)
            return 0;
        if (value.ValueKind != JsonValueKind.String)
            return value.GetInt32();
        var text = value.GetString()!;
        for (var i = 0; i < names.Length; i++)
        {
            if (text == prefix + names[i])
                return i;
        }
        throw new FormatException($"Unknown enum name {text}");
    }

    private static JsonElement Object(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new FormatException("Expected a JSON object");

    private static JsonElement[] Array(JsonElement owner, string camel, string? snake = null) => Field(owner, camel, snake ?? camel) switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray()],
        _ => throw new FormatException($"Expected an array for {camel}"),
    };

    /// <summary>The field under either spelling; null when absent or JSON null (proto3 JSON: null is the default value).</summary>
    private static JsonElement? Field(JsonElement owner, string camel, string? snake = null)
    {
        if (owner.ValueKind != JsonValueKind.Object)
            throw new FormatException("Expected a JSON object");
        if (owner.TryGetProperty(camel, out var value) || (snake is not null && snake != camel && owner.TryGetProperty(snake, out value)))
            return value.ValueKind == JsonValueKind.Null ? null : value;
        return null;
    }
}
