using System.Text;
using Google.Protobuf;
using Workspaces.Api.Otlp.Proto;

namespace Workspaces.Tests.Unit.Api.Otlp;

/// <summary>Export requests built with the generated OTLP messages, and their OTLP/JSON twins, for the ingest tests.</summary>
public static class OtlpSamples
{
    public const string TraceHex = "0102030405060708090a0b0c0d0e0f10";
    public const string RootHex = "1111111111111111";
    public const string ChildHex = "2222222222222222";
    public const long Start = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z
    public const long End = Start + 1_500_000_000;

    public static KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    public static AnyValue Str(string s) => new() { StringValue = s };

    /// <summary>One trace of a root (OK) and a child (ERROR, with an exception event) under a resource naming its service.</summary>
    public static ExportTraceServiceRequest TwoSpans(string traceHex = TraceHex)
    {
        var root = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceHex)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(RootHex)),
            Name = "root",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = Start,
            EndTimeUnixNano = End,
            Status = new Status { Code = Status.Types.StatusCode.Ok },
        };
        root.Attributes.Add(Attr("session.id", Str("s-1")));
        root.Attributes.Add(Attr("count", new AnyValue { IntValue = 42 }));
        root.Attributes.Add(Attr("ok", new AnyValue { BoolValue = true }));
        root.Attributes.Add(Attr("ratio", new AnyValue { DoubleValue = 0.5 }));
        root.Attributes.Add(Attr("nan", new AnyValue { DoubleValue = double.NaN }));
        var list = new ArrayValue();
        list.Values.Add(Str("a"));
        list.Values.Add(new AnyValue { IntValue = 1 });
        root.Attributes.Add(Attr("list", new AnyValue { ArrayValue = list }));
        var map = new KeyValueList();
        map.Values.Add(Attr("k", Str("v")));
        root.Attributes.Add(Attr("map", new AnyValue { KvlistValue = map }));
        root.Attributes.Add(Attr("raw", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) }));
        var child = new Span
        {
            TraceId = root.TraceId,
            SpanId = ByteString.CopyFrom(Convert.FromHexString(ChildHex)),
            ParentSpanId = root.SpanId,
            Name = "child",
            Kind = Span.Types.SpanKind.Internal,
            StartTimeUnixNano = Start + 100,
            EndTimeUnixNano = End - 100,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        var ev = new Span.Types.Event { Name = "exception", TimeUnixNano = Start + 200 };
        ev.Attributes.Add(Attr("exception.message", Str("boom")));
        child.Events.Add(ev);
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "tests" } };
        scope.Spans.Add(root);
        scope.Spans.Add(child);
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(Attr("service.name", Str("svc")));
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }

    /// <summary>
    /// The same trace as JavaScript's OTLP/HTTP JSON exporter writes it: camelCase, hex ids, times as strings, enums as
    /// integers, plus a field this server does not know.
    /// </summary>
    public static byte[] TwoSpansJson(string traceHex = TraceHex) => Encoding.UTF8.GetBytes($$$$"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
          "scopeSpans":[{"scope":{"name":"tests"},"spans":[
            {"traceId":"{{{{traceHex}}}}","spanId":"{{{{RootHex}}}}","parentSpanId":"","name":"root","kind":2,
             "startTimeUnixNano":"{{{{Start}}}}","endTimeUnixNano":{{{{End}}}},"futureField":{"x":1},
             "attributes":[{"key":"session.id","value":{"stringValue":"s-1"}},{"key":"count","value":{"intValue":"42"}},
               {"key":"ok","value":{"boolValue":true}},{"key":"ratio","value":{"doubleValue":0.5}},{"key":"nan","value":{"doubleValue":"NaN"}},
               {"key":"list","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":1}]}}},
               {"key":"map","value":{"kvlistValue":{"values":[{"key":"k","value":{"stringValue":"v"}}]}}},
               {"key":"raw","value":{"bytesValue":"AQID"}}],
             "status":{"code":1}},
            {"trace_id":"{{{{traceHex}}}}","span_id":"{{{{ChildHex}}}}","parent_span_id":"{{{{RootHex}}}}","name":"child","kind":"SPAN_KIND_INTERNAL",
             "start_time_unix_nano":"{{{{Start + 100}}}}","end_time_unix_nano":"{{{{End - 100}}}}",
             "events":[{"timeUnixNano":"{{{{Start + 200}}}}","name":"exception","attributes":[{"key":"exception.message","value":{"stringValue":"boom"}}]}],
             "status":{"code":"STATUS_CODE_ERROR","message":"boom"}}]}]}]}
        """);
}
