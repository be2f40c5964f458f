namespace Workspaces.Tests.Unit.Artifacts;

/// <summary>
/// A forward-only stream of <see cref="Length"/> deterministic pseudo-random bytes, produced on the fly: content of
/// any size without holding it anywhere, and non-seekable like an HTTP request body.
/// </summary>
public sealed class GeneratedStream(long length, int seed = 1) : Stream
{
    private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 1;
    private long _position;

    /// <summary>Called with the position after each read, for sampling while the content flows.</summary>
    public Action<long>? OnRead { get; init; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The same bytes as a whole array, for small expected contents.</summary>
    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        using var stream = new GeneratedStream(length, seed);
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++)
        {
            // xorshift64: cheap, deterministic, and not compressible, so no layer can shortcut it.
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            buffer[i] = (byte)_state;
        }
        _position += count;
        OnRead?.Invoke(_position);
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
