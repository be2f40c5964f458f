using System.Text.Encodings.Web;
using System.Text.Json;
using Workspaces.Data.Tracing;

namespace Workspaces.Web.Components.Pages.Traces;

/// <summary>A chat message as an LLM span's inputs or outputs hold it.</summary>
public sealed record ChatMessage(string Role, string Content);

/// <summary>How span inputs, outputs and assessment values are shown: chat messages when they are some, else indented JSON.</summary>
public static class SpanContent
{
    // Relaxed escaping, as the audit and artifact previews use: chat text in any language and '<', '&' stay readable.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The attribute value as JSON text (MLflow's extra string layer removed), indented when it is JSON.</summary>
    public static string Pretty(string? attribute)
    {
        if (attribute is null)
            return "";
        var text = Unwrap(attribute);
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString()! : JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>
    /// Messages of an array of {role, content}, of {"messages": [...]}, or of an OpenAI-style answer
    /// ({"choices": [{"message": {...}}]}); null when the value is none of these.
    /// </summary>
    public static IReadOnlyList<ChatMessage>? Messages(string? attribute)
    {
        if (attribute is null)
            return null;
        try
        {
            using var doc = JsonDocument.Parse(Unwrap(attribute));
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("messages", out var messages))
                return FromArray(messages);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                var list = choices.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("message", out _))
                    .Select(c => c.GetProperty("message")).Select(Message).ToList();
                return list.Count > 0 && list.All(m => m is not null) ? list.OfType<ChatMessage>().ToList() : null;
            }
            return FromArray(root);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A JSON value as one line of text: strings without quotes, everything else as written.</summary>
    public static string Value(string? json) => json is null ? "" : SpanJson.Text(json);

    /// <summary>What a person typed as a value, as JSON: numbers, booleans and quoted or structured JSON stay; other text becomes a string.</summary>
    public static string ToJson(string typed)
    {
        var text = typed.Trim();
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return JsonSerializer.Serialize(text);
        }
    }

    private static List<ChatMessage>? FromArray(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            return null;
        var list = array.EnumerateArray().Select(Message).ToList();
        return list.All(m => m is not null) ? list.OfType<ChatMessage>().ToList() : null;
    }

    private static ChatMessage? Message(JsonElement m)
    {
        if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            return null;
        var content = m.TryGetProperty("content", out var c) ? c : default;
        var text = content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            // Multi-part content: the text parts, other parts as their JSON.
            JsonValueKind.Array => string.Join("\n", content.EnumerateArray().Select(p =>
                p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : p.GetRawText())),
            JsonValueKind.Undefined or JsonValueKind.Null => m.TryGetProperty("tool_calls", out var calls) ? calls.GetRawText() : "",
            _ => content.GetRawText(),
        };
        return new ChatMessage(role.GetString()!, text);
    }

    /// <summary>MLflow's clients JSON-encode values once more than OpenTelemetry needs: a string holding JSON is that JSON.</summary>
    private static string Unwrap(string attribute)
    {
        var text = attribute;
        for (var i = 0; i < 2 && text.Length >= 2 && text[0] == '"'; i++)
        {
            string inner;
            try
            {
                inner = JsonSerializer.Deserialize<string>(text) ?? "";
            }
            catch (JsonException)
            {
                break;
            }
            if (inner.Length == 0 || inner[0] is not ('{' or '[' or '"'))
                break;
            text = inner;
        }
        return text;
    }
}
