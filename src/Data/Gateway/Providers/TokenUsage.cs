using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>Token counts of one provider call; a count is null when the provider did not report it.</summary>
public sealed record TokenUsage(long? PromptTokens, long? CompletionTokens, long? TotalTokens)
{
    /// <summary>
    /// This usage with the counts <paramref name="usage"/> reports laid over it. Reads OpenAI's names
    /// (<c>prompt_tokens</c>, <c>completion_tokens</c>, <c>total_tokens</c>) and Anthropic's (<c>input_tokens</c>,
    /// <c>output_tokens</c>); Anthropic streams report input and output in different events, hence the merge.
    /// </summary>
    public TokenUsage Merge(JsonObject usage)
    {
        var prompt = Count(usage, "prompt_tokens") ?? Count(usage, "input_tokens") ?? PromptTokens;
        var completion = Count(usage, "completion_tokens") ?? Count(usage, "output_tokens") ?? CompletionTokens;
        var total = Count(usage, "total_tokens") ?? (prompt is null && completion is null ? TotalTokens : (prompt ?? 0) + (completion ?? 0));
        return new TokenUsage(prompt, completion, total);
    }

    public static TokenUsage None { get; } = new(null, null, null);

    private static long? Count(JsonObject usage, string name) =>
        usage[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
}

/// <summary>Reads token usage out of provider answers, for usage tracking and budgets.</summary>
public static class UsageExtractor
{
    /// <summary>Usage of a non-streaming JSON answer (OpenAI or Anthropic shape); null when it carries none or is not JSON.</summary>
    public static TokenUsage? FromJson(ReadOnlySpan<byte> json)
    {
        try
        {
            return FromNode(JsonNode.Parse(json));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Usage of a parsed answer or stream event: top-level <c>usage</c>, or Anthropic's <c>message.usage</c>.</summary>
    public static TokenUsage? FromNode(JsonNode? node, TokenUsage? seen = null)
    {
        if (node is not JsonObject obj)
            return seen;
        var usage = obj["usage"] as JsonObject ?? obj["message"]?["usage"] as JsonObject;
        return usage is null ? seen : (seen ?? TokenUsage.None).Merge(usage);
    }
}
