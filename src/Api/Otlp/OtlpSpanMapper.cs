using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Workspaces.Api.Otlp.Proto;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Otlp;

/// <summary>
/// Maps a parsed export request onto <see cref="SpanRecord"/>s (the store's contract): ids as lowercase hex, kinds and
/// status codes by their OTLP enum names, each attribute value as its JSON text, the resource's attributes on every span.
/// </summary>
public static class OtlpSpanMapper
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, MaxDepth = 256 };

    public static Result<IReadOnlyList<SpanRecord>> Map(ExportTraceServiceRequest request)
    {
        var records = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            List<KeyValuePair<string, string>> resource;
            try
            {
                resource = Attributes(resourceSpans.Resource?.Attributes);
            }
            catch (ArgumentException)
            {
                return new Error(ErrorCode.InvalidState, OtlpTraceDecoder.CannotConvert);
            }
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    var record = TryMapSpan(span, resource);
                    if (record is null)
                        return new Error(ErrorCode.InvalidState, OtlpTraceDecoder.CannotConvert);
                    records.Add(record);
                }
            }
        }
        return records;
    }

    private static SpanRecord? TryMapSpan(Span span, IReadOnlyList<KeyValuePair<string, string>> resource)
    {
        try
        {
            return MapSpan(span, resource);
        }
        catch (ArgumentException)
        {
            // Text that has no UTF-8 form (a lone surrogate from a JSON escape) cannot be written as a JSON attribute.
            return null;
        }
    }

    /// <summary>
    /// One span, or null when it cannot be an MLflow span: ids of the wrong length (the trace id becomes the
    /// <c>tr-</c> id, so it must be 16 bytes), or a time beyond what a signed 64-bit nanosecond count holds.
    /// </summary>
    private static SpanRecord? MapSpan(Span span, IReadOnlyList<KeyValuePair<string, string>> resource)
    {
        if (span.TraceId.Length != 16 || span.SpanId.Length != 8 || span.ParentSpanId.Length is not (0 or 8)
            || span.StartTimeUnixNano > long.MaxValue || span.EndTimeUnixNano > long.MaxValue)
            return null;
        var events = new List<SpanEventRecord>(span.Events.Count);
        foreach (var e in span.Events)
        {
            if (e.TimeUnixNano > long.MaxValue)
                return null;
            events.Add(new SpanEventRecord(e.Name, (long)e.TimeUnixNano, Attributes(e.Attributes)));
        }
        return new SpanRecord(
            Hex(span.TraceId),
            Hex(span.SpanId),
            span.ParentSpanId.Length == 0 ? null : Hex(span.ParentSpanId),
            span.Name,
            KindName((int)span.Kind),
            (long)span.StartTimeUnixNano,
            (long)span.EndTimeUnixNano,
            StatusName((int)(span.Status?.Code ?? Status.Types.StatusCode.Unset)),
            string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
            Attributes(span.Attributes),
            events,
            resource,
            span.TraceState.Length == 0 ? null : span.TraceState);
    }

    /// <summary>The OTLP enum name; a number this version does not know counts as unspecified.</summary>
    public static string KindName(int kind) => kind switch
    {
        1 => "SPAN_KIND_INTERNAL",
        2 => "SPAN_KIND_SERVER",
        3 => "SPAN_KIND_CLIENT",
        4 => "SPAN_KIND_PRODUCER",
        5 => "SPAN_KIND_CONSUMER",
        _ => "SPAN_KIND_UNSPECIFIED",
    };

    /// <summary>The OTLP enum name; an unknown number counts as unset, which the store reads as OK for a root.</summary>
    public static string StatusName(int code) => code switch
    {
        1 => "STATUS_CODE_OK",
        2 => "STATUS_CODE_ERROR",
        _ => "STATUS_CODE_UNSET",
    };

    public static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static List<KeyValuePair<string, string>> Attributes(RepeatedField<KeyValue>? attributes)
    {
        var list = new List<KeyValuePair<string, string>>(attributes?.Count ?? 0);
        if (attributes is null)
            return list;
        foreach (var attribute in attributes)
            list.Add(new(attribute.Key, ToJson(attribute.Value)));
        return list;
    }

    /// <summary>An attribute value as JSON text; an absent value is JSON null.</summary>
    public static string ToJson(AnyValue? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, AnyValue? value)
    {
        switch (value?.ValueCase ?? AnyValue.ValueOneofCase.None)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WriteStringValue(value!.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value!.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value!.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                // JSON has no NaN or infinities; protobuf's JSON mapping writes them as these strings.
                var d = value!.DoubleValue;
                if (double.IsNaN(d))
                    writer.WriteStringValue("NaN");
                else if (double.IsInfinity(d))
                    writer.WriteStringValue(d > 0 ? "Infinity" : "-Infinity");
                else
                    writer.WriteNumberValue(d);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value!.ArrayValue.Values)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var pair in value!.KvlistValue.Values)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value);
                }
                writer.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WriteBase64StringValue(value!.BytesValue.Span);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
