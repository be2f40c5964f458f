using System.IO.Compression;
using System.Text;
using CsCheck;
using Google.Protobuf;
using Workspaces.Api.Otlp;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Tests.Unit.Api.Otlp;

/// <summary>The OTLP body decoder on its own: both wire formats, both compressions, every error text of §2.4, and no throw for any bytes.</summary>
public sealed class OtlpDecoderTests
{
    private const long Limit = 1024 * 1024;
    private const string Protobuf = "application/x-protobuf";

    private static Result<IReadOnlyList<SpanRecord>> Decode(byte[] body, string? contentType = Protobuf, string? encoding = null, long limit = Limit) =>
        OtlpTraceDecoder.Decode(body, contentType, encoding, limit);

    [Fact]
    public void Protobuf_round_trip_maps_ids_times_kinds_status_attributes_events_and_resource()
    {
        var result = Decode(OtlpSamples.TwoSpans().ToByteArray());
        Assert.True(result.IsSuccess, result.Error?.Message);
        AssertTwoSpans(result.Value);
    }

    [Fact]
    public void Otlp_json_with_hex_ids_string_int64s_integer_enums_and_snake_case_decodes_the_same()
    {
        var result = Decode(OtlpSamples.TwoSpansJson(), "application/json; charset=utf-8");
        Assert.True(result.IsSuccess, result.Error?.Message);
        AssertTwoSpans(result.Value);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("raw-deflate")]
    public void Compressed_bodies_decode(string how)
    {
        var result = Decode(Compress(OtlpSamples.TwoSpans().ToByteArray(), how), Protobuf, how == "raw-deflate" ? "deflate" : how);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(2, result.Value.Count);
        var json = Decode(Compress(OtlpSamples.TwoSpansJson(), how), "application/json", how == "raw-deflate" ? "deflate" : how);
        Assert.True(json.IsSuccess, json.Error?.Message);
        Assert.Equal(2, json.Value.Count);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("")]
    [InlineData("application/protobuf")]
    public void Other_content_types_are_refused_with_mlflows_text(string contentType) =>
        AssertError(Decode(OtlpSamples.TwoSpans().ToByteArray(), contentType), ErrorCode.BadRequest,
            $"Invalid Content-Type: {contentType}. Expected: application/x-protobuf");

    [Fact]
    public void Unknown_encoding_and_broken_gzip_are_400s()
    {
        AssertError(Decode([1, 2, 3], Protobuf, "br"), ErrorCode.BadRequest, "Unsupported Content-Encoding: br");
        AssertError(Decode([1, 2, 3, 4, 5], Protobuf, "gzip"), ErrorCode.BadRequest, "Failed to decompress gzip payload");
    }

    [Fact]
    public void Garbage_empty_and_spanless_bodies_are_400s()
    {
        AssertError(Decode([0xFF, 0xFF, 0xFF, 0x07]), ErrorCode.BadRequest, OtlpTraceDecoder.InvalidFormat);
        AssertError(Decode([]), ErrorCode.BadRequest, OtlpTraceDecoder.NoSpans);
        AssertError(Decode("{"u8.ToArray(), "application/json"), ErrorCode.BadRequest, OtlpTraceDecoder.InvalidFormat);
        AssertError(Decode("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}"""u8.ToArray(), "application/json"),
            ErrorCode.BadRequest, OtlpTraceDecoder.InvalidFormat);
        AssertError(Decode("{}"u8.ToArray(), "application/json"), ErrorCode.BadRequest, OtlpTraceDecoder.NoSpans);
    }

    [Fact]
    public void A_span_with_a_short_trace_id_cannot_become_an_mlflow_span()
    {
        var request = OtlpSamples.TwoSpans();
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId = ByteString.CopyFrom(1, 2, 3);
        AssertError(Decode(request.ToByteArray()), ErrorCode.InvalidState, OtlpTraceDecoder.CannotConvert);
    }

    [Fact]
    public void Bodies_over_the_limit_are_refused_before_and_after_decompression()
    {
        var zeros = new byte[64 * 1024];
        AssertError(Decode(zeros, limit: 1024), ErrorCode.RequestLimitExceeded, "The request body exceeds the limit of 1024 bytes.");
        // 64 KiB of zeros gzip to a few hundred bytes: small on the wire, over the limit once inflated.
        var bomb = Compress(zeros, "gzip");
        Assert.True(bomb.Length < 1024);
        AssertError(Decode(bomb, Protobuf, "gzip", limit: 1024), ErrorCode.RequestLimitExceeded, "The request body exceeds the limit of 1024 bytes.");
    }

    [Fact]
    public void Random_bytes_never_throw_in_any_format_or_encoding()
    {
        var formats = Gen.OneOf(Gen.Const("application/x-protobuf"), Gen.Const("application/json"));
        var encodings = Gen.Int[0, 2].Select(i => i switch { 0 => (string?)null, 1 => "gzip", _ => "deflate" });
        var valid = OtlpSamples.TwoSpans().ToByteArray();
        // Mutations of a valid body reach deeper into the parser than pure noise does.
        var bodies = Gen.OneOf(Gen.Byte.Array[0, 512], Gen.Int[0, valid.Length - 1].Select(Gen.Byte, (i, b) =>
        {
            var copy = (byte[])valid.Clone();
            copy[i] = b;
            return copy;
        }));
        Gen.Select(bodies, formats, encodings).Sample((body, format, encoding) =>
        {
            var result = Decode(body, format, encoding);
            Assert.True(result.IsSuccess || result.Error.Code is ErrorCode.BadRequest or ErrorCode.InvalidState or ErrorCode.RequestLimitExceeded);
        }, iter: 5000);
    }

    [Fact]
    public void Random_json_shapes_never_throw()
    {
        var pieces = Gen.OneOf(Gen.Const("{"), Gen.Const("}"), Gen.Const("["), Gen.Const("]"), Gen.Const(","), Gen.Const(":"), Gen.Const("null"),
            Gen.Const("\"resourceSpans\""), Gen.Const("\"scopeSpans\""), Gen.Const("\"spans\""), Gen.Const("\"traceId\""), Gen.Const("\"attributes\""),
            Gen.Const("\"value\""), Gen.Const("\"intValue\""), Gen.Const("\"kind\""), Gen.Const("\"\\ud800\""), Gen.Const("1e999"), Gen.Const("-1"),
            Gen.Const("\"" + OtlpSamples.TraceHex + "\""), Gen.Const("\"" + OtlpSamples.RootHex + "\""), Gen.Const("\"key\""), Gen.Const("\"stringValue\""));
        pieces.Array[0, 60].Sample(parts =>
        {
            var result = Decode(Encoding.UTF8.GetBytes(string.Concat(parts)), "application/json");
            Assert.True(result.IsSuccess || result.Error.Code is ErrorCode.BadRequest or ErrorCode.InvalidState);
        }, iter: 5000);
    }

    private static void AssertTwoSpans(IReadOnlyList<SpanRecord> spans)
    {
        Assert.Equal(2, spans.Count);
        var root = spans[0];
        Assert.Equal((OtlpSamples.TraceHex, OtlpSamples.RootHex, (string?)null, "root"), (root.TraceId, root.SpanId, root.ParentSpanId, root.Name));
        Assert.Equal(("SPAN_KIND_SERVER", OtlpSamples.Start, OtlpSamples.End, "STATUS_CODE_OK", (string?)null),
            (root.Kind, root.StartTimeUnixNano, root.EndTimeUnixNano, root.StatusCode, root.StatusMessage));
        var attributes = root.Attributes.ToDictionary();
        Assert.Equal("\"s-1\"", attributes["session.id"]);
        Assert.Equal("42", attributes["count"]);
        Assert.Equal("true", attributes["ok"]);
        Assert.Equal("0.5", attributes["ratio"]);
        Assert.Equal("\"NaN\"", attributes["nan"]);
        Assert.Equal("[\"a\",1]", attributes["list"]);
        Assert.Equal("{\"k\":\"v\"}", attributes["map"]);
        Assert.Equal("\"AQID\"", attributes["raw"]);
        Assert.Equal([new("service.name", "\"svc\"")], root.ResourceAttributes);
        var child = spans[1];
        Assert.Equal((OtlpSamples.ChildHex, OtlpSamples.RootHex, "SPAN_KIND_INTERNAL", "STATUS_CODE_ERROR", "boom"),
            (child.SpanId, child.ParentSpanId, child.Kind, child.StatusCode, child.StatusMessage));
        var ev = Assert.Single(child.Events);
        Assert.Equal(("exception", OtlpSamples.Start + 200), (ev.Name, ev.TimeUnixNano));
        Assert.Equal([new("exception.message", "\"boom\"")], ev.Attributes);
        Assert.Equal(root.ResourceAttributes, child.ResourceAttributes);
    }

    private static void AssertError(Result<IReadOnlyList<SpanRecord>> result, ErrorCode code, string message)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal((code, message), (result.Error.Code, result.Error.Message));
    }

    private static byte[] Compress(byte[] data, string how)
    {
        using var output = new MemoryStream();
        using (Stream stream = how switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest),
            _ => new DeflateStream(output, CompressionLevel.Fastest),
        })
            stream.Write(data);
        return output.ToArray();
    }
}
