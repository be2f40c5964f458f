using System.Text.Json;
using Workspaces.Data.Tracing;

namespace Workspaces.Web.Components.Pages.Traces;

/// <summary>An event of a span (an exception, a log line), its attribute values as text.</summary>
public sealed record SpanEventView(string Name, long TimeUnixNano, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public string? this[string key] => Attributes.FirstOrDefault(a => a.Key == key).Value;
}

/// <summary>
/// One stored span (MLflow's span dict, reference §1.4a) as the detail page shows it: ids kept as stored (base64) for the
/// tree, attribute values JSON as stored, <see cref="Depth"/> set when the tree is built.
/// </summary>
public sealed record SpanView(
    string Id,
    string ParentId,
    string Name,
    string? Type,
    string Status,
    string? StatusMessage,
    long StartNs,
    long? EndNs,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<SpanEventView> Events)
{
    public int Depth { get; init; }

    public long DurationNs(long traceEndNs) => (EndNs ?? traceEndNs) - StartNs;

    public string? Attribute(string key) => Attributes.FirstOrDefault(a => a.Key == key).Value;

    /// <summary>The span's id in the hex form the API and assessments use.</summary>
    public string HexId
    {
        get
        {
            try
            {
                return Convert.ToHexStringLower(Convert.FromBase64String(Id));
            }
            catch (FormatException)
            {
                return Id;
            }
        }
    }

    /// <summary>LLM and chat-model spans render chat messages as a conversation.</summary>
    public bool IsChat => Type is "LLM" or "CHAT_MODEL";

    /// <summary>Reads a stored span; null for content that is not a span dict (never expected, but a page must not fail on it).</summary>
    public static SpanView? Parse(string content)
    {
        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            var attributes = Map(root, "attributes");
            var events = root.TryGetProperty("events", out var ev) && ev.ValueKind == JsonValueKind.Array
                ? ev.EnumerateArray().Select(e => new SpanEventView(Str(e, "name") ?? "", Long(e, "time_unix_nano") ?? 0,
                    Map(e, "attributes").Select(a => KeyValuePair.Create(a.Key, SpanJson.Text(a.Value))).ToList())).ToList()
                : [];
            var status = root.TryGetProperty("status", out var st) && st.ValueKind == JsonValueKind.Object ? st : default;
            var type = attributes.FirstOrDefault(a => a.Key == TraceKeys.SpanType).Value;
            return new SpanView(Str(root, "span_id") ?? "", Str(root, "parent_span_id") ?? "", Str(root, "name") ?? "",
                type is null ? null : SpanJson.Text(type),
                status.ValueKind == JsonValueKind.Object ? SpanJson.ShortStatus(Str(status, "code") ?? "") : "UNSET",
                status.ValueKind == JsonValueKind.Object ? Str(status, "message") : null,
                Long(root, "start_time_unix_nano") ?? 0, Long(root, "end_time_unix_nano"), attributes, events);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Depth-first order, children by start time; a span whose parent is not stored is shown as a root.</summary>
    public static IReadOnlyList<SpanView> Tree(IEnumerable<SpanView> spans)
    {
        var all = spans.ToList();
        var ids = all.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var children = all.Where(s => s.ParentId.Length > 0 && ids.Contains(s.ParentId) && s.ParentId != s.Id)
            .ToLookup(s => s.ParentId, StringComparer.Ordinal);
        var result = new List<SpanView>(all.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(SpanView span, int depth)
        {
            if (!seen.Add(span.Id))
                return; // a cycle in hand-made ids
            result.Add(span with { Depth = depth });
            foreach (var child in children[span.Id].OrderBy(c => c.StartNs))
                Walk(child, depth + 1);
        }
        foreach (var root in all.Where(s => s.ParentId.Length == 0 || !ids.Contains(s.ParentId) || s.ParentId == s.Id).OrderBy(s => s.StartNs))
            Walk(root, 0);
        result.AddRange(all.Where(s => !seen.Contains(s.Id)));
        return result;
    }

    private static List<KeyValuePair<string, string>> Map(JsonElement element, string name) =>
        element.TryGetProperty(name, out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())).ToList()
            : [];

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
