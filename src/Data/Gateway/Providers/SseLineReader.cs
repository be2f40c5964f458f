using System.Buffers;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// Splits server-sent-event bytes into lines as they are relayed, without changing or holding back the bytes: only the
/// current, unfinished line is kept. Subclasses decide what a complete line means to them.
/// </summary>
public abstract class SseLineReader
{
    /// <summary>Longer lines are not parsed: what readers look for is small, a huge line is not worth buffering.</summary>
    private const int MaxLine = 1 << 20;

    private readonly ArrayBufferWriter<byte> _line = new();
    private bool _skipping;

    public void Observe(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var piece = end < 0 ? bytes : bytes[..end];
            if (!_skipping)
            {
                if (_line.WrittenCount + piece.Length > MaxLine)
                {
                    _skipping = true;
                    _line.ResetWrittenCount();
                }
                else
                    _line.Write(piece);
            }
            if (end < 0)
                return;
            if (!_skipping)
                Line(_line.WrittenSpan);
            _line.ResetWrittenCount();
            _skipping = false;
            bytes = bytes[(end + 1)..];
        }
    }

    /// <summary>One complete line, without its <c>\n</c>.</summary>
    protected abstract void Line(ReadOnlySpan<byte> line);
}
