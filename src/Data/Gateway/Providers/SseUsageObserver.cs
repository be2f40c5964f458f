using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// Watches server-sent-event bytes as they are relayed and remembers the token usage any <c>data:</c> line reports
/// (OpenAI's final usage chunk, Anthropic's <c>message_start</c>/<c>message_delta</c>). It never changes or holds back
/// the bytes (see <see cref="SseLineReader"/>).
/// </summary>
public sealed class SseUsageObserver : SseLineReader
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;
    private static ReadOnlySpan<byte> UsageKey => "\"usage\""u8;

    private TokenUsage? _usage;

    /// <summary>The usage seen so far; null when no event has reported any.</summary>
    public TokenUsage? Usage => Volatile.Read(ref _usage);

    protected override void Line(ReadOnlySpan<byte> line)
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
