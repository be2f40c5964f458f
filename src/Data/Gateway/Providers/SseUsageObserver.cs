using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// Watches server-sent-event bytes as they are relayed and remembers the token usage any <c>data:</c> line reports
/// (OpenAI's final usage chunk, Anthropic's <c>message_start</c>/<c>message_delta</c>). It never changes or holds back
/// the bytes: it only keeps the current, unfinished line.
/// </summary>
public sealed class SseUsageObserver
{
    /// <summary>Longer lines are not parsed: a usage report is small, a huge line is content and not worth buffering.</summary>
    private const int MaxLine = 1 << 20;

    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;
    private static ReadOnlySpan<byte> UsageKey => "\"usage\""u8;

    private readonly ArrayBufferWriter<byte> _line = new();
    private bool _skipping;
    private TokenUsage? _usage;

    /// <summary>The usage seen so far; null when no event has reported any.</summary>
    public TokenUsage? Usage => Volatile.Read(ref _usage);

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

    private void Line(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith(DataPrefix) || line.IndexOf(UsageKey) < 0)
            return;
        try
        {
            Volatile.Write(ref _usage, UsageExtractor.FromNode(JsonNode.Parse(line[DataPrefix.Length..]), _usage));
        }
        catch (JsonException)
        {
            // Not JSON (a provider's own format): nothing to count, and the bytes still pass unchanged.
        }
    }
}
