namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// A forward-only body read asynchronously (provider answers, translated streams): subclasses give
/// <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>; everything else is fixed here.
/// </summary>
internal abstract class AsyncReadOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads would block a thread on the network; the gateway copies bodies asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the provider body asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
