namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// A provider's streaming body as it arrives: bytes pass unchanged (through <see cref="SseUsageObserver"/>), every
/// read is bound to the call's token (caller cancellation plus the route timeout) whatever token the reader passes,
/// and disposing it ends the upstream request.
/// </summary>
internal sealed class ProviderBodyStream(
    HttpResponseMessage response, Stream inner, CancellationTokenSource call, SseUsageObserver observer, TimeSpan timeout, CancellationToken caller)
    : AsyncReadOnlyStream
{
    private int _disposed;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var both = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.Token) : null;
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, both?.Token ?? call.Token);
        }
        catch (Exception ex) when (TimedOut(cancellationToken) && ex is OperationCanceledException or IOException)
        {
            throw new TimeoutException($"The provider did not finish answering within {timeout.TotalSeconds:0.###} seconds.", ex);
        }
        observer.Observe(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Disposing the response mid-body closes the connection: the provider sees the abort and stops generating.
            inner.Dispose();
            response.Dispose();
            call.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The call's timer fired, not the caller or the reader: a timeout, not a cancellation.</summary>
    private bool TimedOut(CancellationToken reader) =>
        call.IsCancellationRequested && !caller.IsCancellationRequested && !reader.IsCancellationRequested;
}
