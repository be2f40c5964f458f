using System.Text;
using System.Text.Json.Nodes;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// MLflow's unified chat (OpenAI chat-completions shape) to Anthropic's messages API and back. Only text is
/// translated; tool calls and non-text content parts are refused with a 400 rather than silently dropped.
/// </summary>
internal static class AnthropicChat
{
    public static Result<JsonObject> ToMessagesRequest(JsonObject chat, string model)
    {
        if (chat["messages"] is not JsonArray messages || messages.Count == 0)
            return Error.InvalidParameter("Invalid chat payload: 'messages' must be a non-empty list.");
        if (chat["n"] is JsonValue n && (!n.TryGetValue<int>(out var count) || count != 1))
            return Error.InvalidParameter("'n' must be 1 for provider 'anthropic'.");
        if (chat["tools"] is JsonArray { Count: > 0 })
            return Error.InvalidParameter("Tools are not supported for provider 'anthropic' on the unified chat route; use the Anthropic messages route.");

        var system = new List<string>();
        var turns = new JsonArray();
        foreach (var message in messages)
        {
            var role = message?["role"] is JsonValue r && r.TryGetValue<string>(out var name) ? name : null;
            var content = ToAnthropicContent(message?["content"]);
            if (!content.IsSuccess)
                return content.Error;
            switch (role)
            {
                // Anthropic takes the system prompt beside the turns, not as one of them.
                case "system":
                    system.Add(content.Value is JsonValue text ? text.GetValue<string>() : JoinText(content.Value));
                    break;
                case "user" or "assistant":
                    turns.Add(new JsonObject { ["role"] = role, ["content"] = content.Value });
                    break;
                default:
                    return Error.InvalidParameter($"Invalid chat payload: role '{role}' is not supported for provider 'anthropic'.");
            }
        }
        if (turns.Count == 0)
            return Error.InvalidParameter("Invalid chat payload: provider 'anthropic' needs at least one user message.");

        var request = new JsonObject { ["model"] = model, ["messages"] = turns };
        if (system.Count > 0)
            request["system"] = string.Join("\n", system);
        request["max_tokens"] = chat["max_tokens"]?.DeepClone() ?? ProviderCatalog.DefaultAnthropicMaxTokens;
        // MLflow's temperature runs 0–2 like OpenAI's, Anthropic's 0–1: halving keeps the same relative setting.
        if (chat["temperature"] is JsonValue t && t.TryGetValue<double>(out var temperature))
            request["temperature"] = temperature / 2;
        if (chat["top_p"] is { } topP)
            request["top_p"] = topP.DeepClone();
        switch (chat["stop"])
        {
            case JsonValue one when one.TryGetValue<string>(out var stop):
                request["stop_sequences"] = new JsonArray(stop);
                break;
            case JsonArray many:
                request["stop_sequences"] = many.DeepClone();
                break;
        }
        if (chat["stream"] is JsonValue s && s.TryGetValue<bool>(out var stream) && stream)
            request["stream"] = true;
        return request;
    }

    /// <summary>An Anthropic message as an OpenAI <c>chat.completion</c>.</summary>
    public static JsonObject ToChatCompletion(JsonObject message, string fallbackModel, long created)
    {
        var text = new StringBuilder();
        if (message["content"] is JsonArray blocks)
            foreach (var block in blocks)
                if (Text(block?["type"]) == "text")
                    text.Append(Text(block?["text"]));
        var prompt = Number(message["usage"]?["input_tokens"]);
        var completion = Number(message["usage"]?["output_tokens"]);
        return new JsonObject
        {
            ["id"] = Text(message["id"]) ?? "",
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = Text(message["model"]) ?? fallbackModel,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text.ToString() },
                ["finish_reason"] = FinishReason(Text(message["stop_reason"])),
            }),
            ["usage"] = Usage(prompt, completion),
        };
    }

    public static JsonObject Usage(long prompt, long completion) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
    };

    /// <summary>Anthropic's <c>stop_reason</c> in OpenAI's <c>finish_reason</c> vocabulary.</summary>
    public static string? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "max_tokens" => "length",
        "tool_use" => "tool_calls",
        _ => "stop",
    };

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    /// <summary>OpenAI content (a string, or a list of typed parts) as Anthropic content.</summary>
    private static Result<JsonNode> ToAnthropicContent(JsonNode? content)
    {
        switch (content)
        {
            case null:
                return JsonValue.Create("");
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(text);
            case JsonArray parts:
                var blocks = new JsonArray();
                foreach (var part in parts)
                {
                    if (Text(part?["type"]) != "text" || Text(part?["text"]) is not { } partText)
                        return Error.InvalidParameter("Invalid chat payload: only text content parts are supported for provider 'anthropic'.");
                    blocks.Add(new JsonObject { ["type"] = "text", ["text"] = partText });
                }
                return blocks;
            default:
                return Error.InvalidParameter("Invalid chat payload: message 'content' must be a string or a list of content parts.");
        }
    }

    private static string JoinText(JsonNode blocks) =>
        string.Join("\n", blocks.AsArray().Select(b => Text(b?["text"]) ?? ""));
}
