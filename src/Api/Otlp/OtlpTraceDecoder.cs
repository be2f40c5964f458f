using Google.Protobuf;
using Workspaces.Api.Otlp.Proto;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Otlp;

/// <summary>
/// Turns the body of an OTLP trace export (<c>POST /v1/traces</c>) into the store's span records: checks the content
/// type, undoes gzip/deflate within the server's body limit, parses protobuf or OTLP/JSON and maps every span. Pure: no
/// HTTP types, so every wire case is tested without a server. Errors carry MLflow's texts (tracing reference §2.4);
/// <see cref="ErrorCode.BadRequest"/> means a 400, <see cref="ErrorCode.InvalidState"/> a 422 (spans that parsed but
/// cannot become MLflow spans), <see cref="ErrorCode.RequestLimitExceeded"/> a 413.
/// </summary>
public static class OtlpTraceDecoder
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";
    public const string InvalidFormat = "Invalid OpenTelemetry protobuf format";
    public const string NoSpans = "Invalid OpenTelemetry protobuf format - no spans found";
    public const string CannotConvert = "Cannot convert OpenTelemetry span to MLflow span";

    /// <summary>Decodes one export request; never throws for any input.</summary>
    /// <param name="body">The raw request body (possibly compressed).</param>
    /// <param name="contentType">The <c>Content-Type</c> header as sent (null when absent).</param>
    /// <param name="contentEncoding">The <c>Content-Encoding</c> header as sent (null when absent).</param>
    /// <param name="maxBytes">The server's body limit, applied to the body after decompression too (a small gzip must not expand without bound).</param>
    public static Result<IReadOnlyList<SpanRecord>> Decode(ReadOnlyMemory<byte> body, string? contentType, string? contentEncoding, long maxBytes)
    {
        var json = IsMediaType(contentType, JsonContentType);
        if (!json && !IsMediaType(contentType, ProtobufContentType))
            return Error.BadRequest($"Invalid Content-Type: {contentType}. Expected: {ProtobufContentType}");
        var payload = OtlpCompression.Decompress(body, contentEncoding, maxBytes);
        if (!payload.IsSuccess)
            return payload.Error;
        var request = json ? OtlpJsonReader.Read(payload.Value.Span) : ParseProtobuf(payload.Value);
        if (!request.IsSuccess)
            return request.Error;
        if (request.Value.ResourceSpans.Count == 0)
            return Error.BadRequest(NoSpans);
        return OtlpSpanMapper.Map(request.Value);
    }

    /// <summary>True when the header names <paramref name="expected"/>, ignoring case and parameters such as <c>charset</c>.</summary>
    private static bool IsMediaType(string? header, string expected)
    {
        if (header is null)
            return false;
        var semicolon = header.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon < 0 ? header : header[..semicolon]).Trim();
        return media.Equals(expected, StringComparison.OrdinalIgnoreCase);
    }

    private static Result<ExportTraceServiceRequest> ParseProtobuf(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return ExportTraceServiceRequest.Parser.ParseFrom(payload.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return Error.BadRequest(InvalidFormat);
        }
    }
}
