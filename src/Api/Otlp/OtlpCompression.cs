using System.IO.Compression;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Otlp;

/// <summary>
/// Undoes the <c>Content-Encoding</c> OTLP exporters use (gzip; deflate as zlib or raw deflate), never producing more
/// than the server's body limit: a small compressed body may claim to expand to gigabytes.
/// </summary>
public static class OtlpCompression
{
    public static Result<ReadOnlyMemory<byte>> Decompress(ReadOnlyMemory<byte> body, string? contentEncoding, long maxBytes)
    {
        var encoding = contentEncoding?.Trim() ?? "";
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return body.Length > maxBytes ? TooLarge(maxBytes) : body;
        }
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            return Inflate(body, maxBytes, s => new GZipStream(s, CompressionMode.Decompress), "gzip");
        if (encoding.Equals("deflate", StringComparison.OrdinalIgnoreCase))
        {
            // HTTP's "deflate" is zlib-wrapped, but many clients send raw deflate; a zlib stream starts with a header
            // whose first byte names method 8 and whose first two bytes are a multiple of 31.
            var zlib = body.Length >= 2 && (body.Span[0] & 0x0F) == 8 && ((body.Span[0] << 8) | body.Span[1]) % 31 == 0;
            return Inflate(body, maxBytes, s => zlib ? new ZLibStream(s, CompressionMode.Decompress) : new DeflateStream(s, CompressionMode.Decompress), "deflate");
        }
        return Error.BadRequest($"Unsupported Content-Encoding: {encoding}");
    }

    private static Result<ReadOnlyMemory<byte>> Inflate(ReadOnlyMemory<byte> body, long maxBytes, Func<Stream, Stream> open, string name)
    {
        try
        {
            using var source = new MemoryStream(body.ToArray(), writable: false);
            using var inflater = open(source);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                    return TooLarge(maxBytes);
                output.Write(buffer, 0, read);
            }
            return new ReadOnlyMemory<byte>(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // Corrupt input surfaces as InvalidDataException, or as ZLibException (an IOException) for some bad zlib streams.
            return Error.BadRequest($"Failed to decompress {name} payload");
        }
    }

    private static Error TooLarge(long maxBytes) =>
        new(ErrorCode.RequestLimitExceeded, $"The request body exceeds the limit of {maxBytes} bytes.");
}
