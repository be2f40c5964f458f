namespace Workspaces.Data.Gateway.Providers;

/// <summary>A relayed body that also shows every byte read to an <see cref="SseLineReader"/>; disposing it disposes the body.</summary>
internal sealed class TappedStream(Stream inner, SseLineReader reader) : AsyncReadOnlyStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        reader.Observe(buffer.Span[..read]);
        return read;
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
