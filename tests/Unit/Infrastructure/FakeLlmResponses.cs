using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>The fake provider's answers, shaped like OpenAI's and Anthropic's (ids, usage, stream events).</summary>
internal static class FakeLlmResponses
{
    public const long OpenAiPromptTokens = 11, OpenAiCompletionTokens = 7;
    public const long AnthropicInputTokens = 13, AnthropicOutputTokens = 5;

    /// <summary>The text deltas every stream sends, in order.</summary>
    public static readonly string[] Pieces = ["Hel", "lo", " world"];

    /// <summary>Pause between stream events, so a buffering client would visibly wait for the end.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(20);

    public static Task JsonAsync(HttpContext http, int status, JsonNode body) => JsonAsync(http, status, body.ToJsonString());

    public static async Task JsonAsync(HttpContext http, int status, string body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body, http.RequestAborted);
    }

    public static async Task UntilAbortedAsync(FakeSignals signals, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }
        catch (OperationCanceledException)
        {
            signals.Aborted();
        }
    }

    /// <summary>"echo: " and the last message's text, so a test sees which prompt reached the provider.</summary>
    public static string Echo(JsonObject? body)
    {
        var content = (body?["messages"] as JsonArray)?.LastOrDefault()?["content"];
        var text = content switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => "",
        };
        return "echo: " + text;
    }

    public static JsonObject OpenAiCompletion(JsonObject? body, string model) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Echo(body) },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject
        {
            ["prompt_tokens"] = OpenAiPromptTokens,
            ["completion_tokens"] = OpenAiCompletionTokens,
            ["total_tokens"] = OpenAiPromptTokens + OpenAiCompletionTokens,
        },
    };

    /// <summary>One three-number vector per input; the first number is the input's length, so order is checkable.</summary>
    public static JsonObject Embeddings(JsonObject? body, string model)
    {
        var inputs = body?["input"] switch
        {
            JsonArray many => many.Select(i => i?.GetValue<string>() ?? "").ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
            data.Add(new JsonObject { ["object"] = "embedding", ["embedding"] = new JsonArray(inputs[i].Length, 0.5, -0.5), ["index"] = i });
        var tokens = inputs.Sum(s => s.Length);
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        };
    }

    public static JsonObject AnthropicMessage(JsonObject? body, string model) => new()
    {
        ["id"] = "msg_fake",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Echo(body) }),
        ["stop_reason"] = "end_turn",
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = AnthropicInputTokens, ["output_tokens"] = AnthropicOutputTokens },
    };

    /// <summary>OpenAI's stream: role, text pieces, finish, usage (when asked), [DONE]; the gate holds the last event.</summary>
    public static async Task OpenAiStreamAsync(HttpContext http, string model, bool includeUsage, FakeSignals? gate)
    {
        var events = new List<string>();
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        void Add(JsonObject chunk)
        {
            // With include_usage OpenAI sends "usage": null on every chunk but the last.
            if (includeUsage && !chunk.ContainsKey("usage"))
                chunk["usage"] = null;
            events.Add("data: " + chunk.ToJsonString() + "\n\n");
        }
        Add(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
        foreach (var piece in Pieces)
            Add(Chunk(new JsonObject { ["content"] = piece }, null));
        Add(Chunk([], "stop"));
        if (includeUsage)
        {
            var last = Chunk([], null);
            last["choices"] = new JsonArray();
            last["usage"] = new JsonObject
            {
                ["prompt_tokens"] = OpenAiPromptTokens,
                ["completion_tokens"] = OpenAiCompletionTokens,
                ["total_tokens"] = OpenAiPromptTokens + OpenAiCompletionTokens,
            };
            Add(last);
        }
        events.Add("data: [DONE]\n\n");
        await SendEventsAsync(http, events, gate);
    }

    /// <summary>
    /// Anthropic's stream: message_start … message_stop, with a ping; the gate holds the last event. Overloaded: an
    /// error event right after message_start, as Anthropic sends when it sheds load mid-answer.
    /// </summary>
    public static async Task AnthropicStreamAsync(HttpContext http, string model, FakeSignals? gate, bool overloaded)
    {
        var events = new List<string>();
        void Add(string type, JsonObject data)
        {
            data["type"] = type;
            events.Add($"event: {type}\ndata: {data.ToJsonString()}\n\n");
        }
        Add("message_start", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["id"] = "msg_fake_stream", ["type"] = "message", ["role"] = "assistant", ["model"] = model,
                ["content"] = new JsonArray(), ["stop_reason"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = AnthropicInputTokens, ["output_tokens"] = 1 },
            },
        });
        if (overloaded)
        {
            Add("error", new JsonObject { ["error"] = new JsonObject { ["type"] = "overloaded_error", ["message"] = "Overloaded" } });
            await SendEventsAsync(http, events, gate);
            return;
        }
        Add("content_block_start", new JsonObject { ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
        Add("ping", []);
        foreach (var piece in Pieces)
            Add("content_block_delta", new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
        Add("content_block_stop", new JsonObject { ["index"] = 0 });
        Add("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = AnthropicOutputTokens },
        });
        Add("message_stop", []);
        await SendEventsAsync(http, events, gate);
    }

    private static async Task SendEventsAsync(HttpContext http, List<string> events, FakeSignals? gate)
    {
        var ct = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (i == events.Count - 1 && gate is not null)
                    await gate.Released.WaitAsync(ct);
                else if (i > 0)
                    await Task.Delay(Pace, ct);
                await http.Response.WriteAsync(events[i], ct);
                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            gate?.Aborted();
        }
    }
}
