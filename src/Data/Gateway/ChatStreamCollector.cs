using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Data.Gateway;

/// <summary>
/// Rebuilds one <c>chat.completion</c> from the chunks a client was streamed, for the usage trace (reference §3.5: MLflow
/// records a streamed answer as one aggregated completion). Only OpenAI-shaped chunks (<c>choices[].delta</c>) are
/// understood, which is what the unified and OpenAI routes stream; other streams leave the trace without an output.
/// </summary>
internal sealed class ChatStreamCollector : SseLineReader
{
    /// <summary>Text kept per call: a trace is a record, not a transcript store; the rest is dropped.</summary>
    private const int MaxText = 1 << 20;

    private readonly SortedDictionary<int, ChoiceState> _choices = [];
    private string? _id;
    private string? _model;
    private long? _created;
    private JsonObject? _usage;
    private int _text;

    protected override void Line(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("data:"u8))
            return;
        var data = line["data:".Length..].Trim(" \r"u8);
        if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
            return;
        try
        {
            if (JsonNode.Parse(data) is JsonObject chunk)
                Add(chunk);
        }
        catch (JsonException)
        {
            // Not JSON: nothing to aggregate, the bytes still reached the client unchanged.
        }
    }

    /// <summary>The aggregated completion; null when no chat chunk was seen.</summary>
    public JsonObject? Result()
    {
        if (_choices.Count == 0)
            return null;
        var choices = new JsonArray();
        foreach (var (index, state) in _choices)
        {
            var message = new JsonObject { ["role"] = state.Role ?? "assistant", ["content"] = state.Content.Length > 0 ? state.Content.ToString() : null };
            if (state.Tools.Count > 0)
            {
                message["tool_calls"] = new JsonArray(state.Tools.Values.Select(t => (JsonNode)new JsonObject
                {
                    ["id"] = t.Id, ["type"] = t.Type,
                    ["function"] = new JsonObject { ["name"] = t.Name.ToString(), ["arguments"] = t.Arguments.ToString() },
                }).ToArray());
            }
            choices.Add(new JsonObject { ["index"] = index, ["message"] = message, ["finish_reason"] = state.FinishReason ?? "stop" });
        }
        var result = new JsonObject { ["id"] = _id, ["object"] = "chat.completion", ["created"] = _created, ["model"] = _model, ["choices"] = choices };
        if (_usage is not null)
            result["usage"] = _usage;
        return result;
    }

    private void Add(JsonObject chunk)
    {
        _id = Text(chunk["id"]) ?? _id;
        _model = Text(chunk["model"]) ?? _model;
        _created = chunk["created"] is JsonValue c && c.TryGetValue<long>(out var created) ? created : _created;
        if (chunk["usage"] is JsonObject usage)
            _usage = (JsonObject)usage.DeepClone();
        if (chunk["choices"] is not JsonArray choices)
            return;
        foreach (var choice in choices.OfType<JsonObject>())
        {
            var index = choice["index"] is JsonValue i && i.TryGetValue<int>(out var n) ? n : 0;
            if (!_choices.TryGetValue(index, out var state))
                _choices[index] = state = new ChoiceState();
            state.FinishReason = Text(choice["finish_reason"]) ?? state.FinishReason;
            if (choice["delta"] is not JsonObject delta)
                continue;
            state.Role ??= Text(delta["role"]);
            Append(state.Content, Text(delta["content"]));
            foreach (var call in (delta["tool_calls"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var at = call["index"] is JsonValue t && t.TryGetValue<int>(out var k) ? k : 0;
                if (!state.Tools.TryGetValue(at, out var tool))
                    state.Tools[at] = tool = new ToolState();
                tool.Id = Text(call["id"]) ?? tool.Id;
                tool.Type = Text(call["type"]) ?? tool.Type;
                Append(tool.Name, Text(call["function"]?["name"]));
                Append(tool.Arguments, Text(call["function"]?["arguments"]));
            }
        }
    }

    private void Append(System.Text.StringBuilder to, string? text)
    {
        if (string.IsNullOrEmpty(text) || _text >= MaxText)
            return;
        var take = Math.Min(text.Length, MaxText - _text);
        to.Append(text, 0, take);
        _text += take;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private sealed class ChoiceState
    {
        public string? Role { get; set; }
        public string? FinishReason { get; set; }
        public System.Text.StringBuilder Content { get; } = new();
        public SortedDictionary<int, ToolState> Tools { get; } = [];
    }

    private sealed class ToolState
    {
        public string? Id { get; set; }
        public string Type { get; set; } = "function";
        public System.Text.StringBuilder Name { get; } = new();
        public System.Text.StringBuilder Arguments { get; } = new();
    }
}
