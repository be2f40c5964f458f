using System.Text.Encodings.Web;
using System.Text.Json;

namespace Workspaces.Web.Components.Pages.Admin;

/// <summary>How the audit log shows the before/after JSON the service stores (times: <see cref="Shell.Formats.Time"/>).</summary>
public static class AuditFormat
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Show names and URIs as typed, not as \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// One line for the table, cut to <paramref name="max"/> characters: for two objects only the keys that
    /// changed (<c>Description: "a" → "b"</c>), otherwise what was added or removed.
    /// </summary>
    public static string Summary(string? before, string? after, int max = 80)
    {
        var text = ChangedKeys(before, after) ?? (before, after) switch
        {
            (null, null) => "",
            (null, _) => $"+ {after}",
            (_, null) => $"− {before}",
            _ => $"{before} → {after}",
        };
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }

    private static string? ChangedKeys(string? before, string? after)
    {
        if (before is null || after is null)
            return null;
        try
        {
            using var b = JsonDocument.Parse(before);
            using var a = JsonDocument.Parse(after);
            if (b.RootElement.ValueKind != JsonValueKind.Object || a.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            var keys = b.RootElement.EnumerateObject().Select(p => p.Name).Union(a.RootElement.EnumerateObject().Select(p => p.Name));
            var changes = keys
                .Select(k => (Key: k, Old: Raw(b.RootElement, k), New: Raw(a.RootElement, k)))
                .Where(c => c.Old != c.New)
                .Select(c => $"{c.Key}: {c.Old} → {c.New}")
                .ToList();
            return changes.Count == 0 ? "no change" : string.Join(", ", changes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Raw(JsonElement obj, string key) => obj.TryGetProperty(key, out var value) ? value.GetRawText() : "—";

    /// <summary>Indented JSON for the expanded row; anything that does not parse is shown as stored.</summary>
    public static string Pretty(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return "—";
        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>The filter's dates are whole UTC days: "from" starts its day, "to" ends its day.</summary>
    public static long? StartOfDay(DateTime? date) => date is { } d ? UtcDay(d).ToUnixTimeMilliseconds() : null;

    public static long? EndOfDay(DateTime? date) => date is { } d ? UtcDay(d).AddDays(1).ToUnixTimeMilliseconds() - 1 : null;

    // The picker's kind varies (unspecified or local); only the calendar day counts.
    private static DateTimeOffset UtcDay(DateTime date) => new(DateTime.SpecifyKind(date.Date, DateTimeKind.Utc));
}

/// <summary>What the audit log is filtered by; empty strings and null dates mean "any".</summary>
public sealed record AuditFilter(string? Workspace, string? Actor, DateTime? From, DateTime? To)
{
    public static readonly AuditFilter None = new(null, null, null, null);

    public string? Problem => From is { } f && To is { } t && f.Date > t.Date ? "The 'from' date is after the 'to' date." : null;
}
