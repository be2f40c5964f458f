using System.Diagnostics.CodeAnalysis;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// What a provider answered, ready to copy to the client: the status and content type, and either the body or the
/// error (the provider's own status and message, 400 for a call that cannot be made, 502 unreachable, 504 timeout).
/// The caller disposes it, which ends the upstream request if the body was not read to the end.
/// </summary>
public sealed class ProviderResponse : IAsyncDisposable, IDisposable
{
    private readonly SseUsageObserver? _observer;
    private readonly TokenUsage? _usage;
    private readonly byte[]? _buffered;

    private ProviderResponse(
        int statusCode, string? contentType, Stream? body, Error? error, bool isStream, TokenUsage? usage, SseUsageObserver? observer, byte[]? buffered = null)
    {
        _buffered = buffered;
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
        Error = error;
        IsStream = isStream;
        _usage = usage;
        _observer = observer;
    }

    public int StatusCode { get; }

    /// <summary>The content type to answer with (null on errors: the caller writes its own error body).</summary>
    public string? ContentType { get; }

    /// <summary>
    /// The answer: fully read for JSON answers; for streams, the live upstream body (each read waits for the provider).
    /// Reading a stream can throw <see cref="TimeoutException"/> (route timeout), <see cref="IOException"/> (provider
    /// hung up) or <see cref="OperationCanceledException"/> (the <c>SendAsync</c> token fired).
    /// </summary>
    public Stream? Body { get; }

    public Error? Error { get; }

    /// <summary>The body is server-sent events relayed as they arrive.</summary>
    public bool IsStream { get; }

    [MemberNotNullWhen(true, nameof(Body))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Token usage: known at once for JSON answers; for streams, what the events read so far reported.</summary>
    public TokenUsage? Usage => _observer?.Usage ?? _usage;

    /// <summary>The whole answer of a JSON (non-streamed) call, for the usage trace; empty for streams and errors.</summary>
    internal ReadOnlyMemory<byte> BufferedBody => _buffered;

    internal static ProviderResponse Buffered(int status, string contentType, byte[] body, TokenUsage? usage) =>
        new(status, contentType, new MemoryStream(body, writable: false), null, false, usage, null, body);

    /// <summary>This streamed answer with <paramref name="reader"/> seeing every byte the client is sent (the stream is handed over).</summary>
    internal ProviderResponse Tapped(SseLineReader reader) =>
        IsStream && Body is not null ? new(StatusCode, ContentType, new TappedStream(Body, reader), null, true, null, _observer) : this;

    internal static ProviderResponse Streamed(int status, string contentType, Stream body, SseUsageObserver observer) =>
        new(status, contentType, body, null, true, null, observer);

    internal static ProviderResponse Failed(int status, Error error) => new(status, null, null, error, false, null, null);

    public void Dispose() => Body?.Dispose();

    public ValueTask DisposeAsync() => Body?.DisposeAsync() ?? ValueTask.CompletedTask;
}
