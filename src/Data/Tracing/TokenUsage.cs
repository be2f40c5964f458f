using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Tracing;

/// <summary>Token counts summed over a trace's spans (MLflow's <c>mlflow.trace.tokenUsage</c> metadata and trace metrics).</summary>
public readonly record struct TokenUsage(long Input, long Output, long Total, bool Seen)
{
    public static TokenUsage Empty => default;

    public bool IsEmpty => !Seen;

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.Input + b.Input, a.Output + b.Output, a.Total + b.Total, a.Seen || b.Seen);

    /// <summary>The span attribute's value (a JSON object, possibly wrapped in a JSON string).</summary>
    public static TokenUsage FromAttribute(string? json)
    {
        if (json is null)
            return Empty;
        try
        {
            using var doc = JsonDocument.Parse(SpanJson.Text(json));
            return FromObject(doc.RootElement);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>
    /// A span's usage: MLflow's <c>mlflow.chat.tokenUsage</c>, else the OpenTelemetry GenAI conventions'
    /// <c>gen_ai.usage.input_tokens</c>/<c>output_tokens</c> (or the older <c>prompt_tokens</c>/<c>completion_tokens</c>),
    /// so spans from any OpenTelemetry GenAI instrumentation count too.
    /// </summary>
    public static TokenUsage FromAttributes(IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        if (SpanJson.Attribute(attributes, TraceKeys.SpanTokenUsage) is { } mlflow)
            return FromAttribute(mlflow);
        string? Get(string key) => SpanJson.Attribute(attributes, key);
        return FromGenAi(Get(GenAiInput) ?? Get(GenAiPrompt), Get(GenAiOutput) ?? Get(GenAiCompletion), Get(GenAiTotal));
    }

    /// <summary>A stored span dict's usage attributes (as <see cref="FromAttributes"/>).</summary>
    public static TokenUsage FromContent(string content)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            if (!doc.RootElement.TryGetProperty("attributes", out var attrs) || attrs.ValueKind != JsonValueKind.Object)
                return Empty;
            var list = attrs.EnumerateObject()
                .Select(a => KeyValuePair.Create(a.Name, a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString()! : a.Value.GetRawText()))
                .ToList();
            return FromAttributes(list);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>The prefix a stored span's content holds when it may carry GenAI usage (a cheap SQL pre-filter).</summary>
    public const string GenAiUsagePrefix = "gen_ai.usage.";

    private const string GenAiInput = "gen_ai.usage.input_tokens";
    private const string GenAiOutput = "gen_ai.usage.output_tokens";
    private const string GenAiPrompt = "gen_ai.usage.prompt_tokens";
    private const string GenAiCompletion = "gen_ai.usage.completion_tokens";
    private const string GenAiTotal = "gen_ai.usage.total_tokens";

    private static TokenUsage FromGenAi(string? input, string? output, string? total)
    {
        static long? Count(string? json) =>
            json is not null && long.TryParse(SpanJson.Text(json), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;
        var (i, o, t) = (Count(input), Count(output), Count(total));
        if (i is null && o is null && t is null)
            return Empty;
        return new TokenUsage(i ?? 0, o ?? 0, t ?? ((i ?? 0) + (o ?? 0)), true);
    }

    /// <summary>Client-sent <c>mlflow.trace.tokenUsage</c> metadata.</summary>
    public static TokenUsage FromMetadata(string? json) => FromAttribute(json);

    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"{TraceKeys.InputTokens}\": {Input}, \"{TraceKeys.OutputTokens}\": {Output}, \"{TraceKeys.TotalTokens}\": {Total}}}");

    /// <summary>Writes the three counts as trace metrics (key-wise upsert).</summary>
    public async Task StoreAsync(TrackingDbContext db, string traceId, CancellationToken ct)
    {
        var rows = await db.TraceMetrics.AsTracking().Where(m => m.RequestId == traceId).ToDictionaryAsync(m => m.Key, StringComparer.Ordinal, ct);
        Store(db, traceId, rows);
    }

    /// <summary>The same with the trace's metric rows already read (tracked), keyed by metric key.</summary>
    public void Store(TrackingDbContext db, string traceId, Dictionary<string, TraceMetric> rows)
    {
        foreach (var (key, value) in new[] { (TraceKeys.InputTokens, Input), (TraceKeys.OutputTokens, Output), (TraceKeys.TotalTokens, Total) })
        {
            if (rows.TryGetValue(key, out var row))
                row.Value = value;
            else
                db.TraceMetrics.Add(new TraceMetric { RequestId = traceId, Key = key, Value = value });
        }
    }

    private static TokenUsage FromObject(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
            return Empty;
        long Get(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
        var input = Get(TraceKeys.InputTokens);
        var output = Get(TraceKeys.OutputTokens);
        var total = e.TryGetProperty(TraceKeys.TotalTokens, out _) ? Get(TraceKeys.TotalTokens) : input + output;
        return new TokenUsage(input, output, total, true);
    }
}
