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

    /// <summary>A stored span dict's usage attribute.</summary>
    public static TokenUsage FromContent(string content)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            return doc.RootElement.TryGetProperty("attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object
                && attrs.TryGetProperty(TraceKeys.SpanTokenUsage, out var usage) && usage.ValueKind == JsonValueKind.String
                ? FromAttribute(usage.GetString())
                : Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
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
