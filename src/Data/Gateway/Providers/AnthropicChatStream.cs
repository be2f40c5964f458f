using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// Anthropic's streaming events as OpenAI <c>chat.completion.chunk</c> events (<c>data: {…}\n\n</c>), produced one
/// upstream event at a time so nothing is held back: a text delta is on its way to the client as soon as it arrives.
/// </summary>
internal static class AnthropicChatStream
{
    /// <summary>A read-only stream of the translated events over <paramref name="upstream"/>, which it owns.</summary>
    public static Stream Translate(Stream upstream, string model, bool includeUsage, long created) =>
        new ChunkStream(upstream, Events(upstream, model, includeUsage, created));

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Events(
        Stream upstream, string model, bool includeUsage, long created, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var id = "";
        long prompt = 0, completion = 0;
        // The upstream stream already carries the call's cancellation and timeout; see ProviderBodyStream.
        await foreach (var item in SseParser.Create(upstream).EnumerateAsync(ct))
        {
            JsonObject? data;
            try
            {
                data = JsonNode.Parse(item.Data) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }
            switch (AnthropicChat.Text(data?["type"]) ?? item.EventType)
            {
                case "message_start":
                    var message = data?["message"];
                    id = AnthropicChat.Text(message?["id"]) ?? id;
                    model = AnthropicChat.Text(message?["model"]) ?? model;
                    prompt = AnthropicChat.Number(message?["usage"]?["input_tokens"]);
                    completion = AnthropicChat.Number(message?["usage"]?["output_tokens"]);
                    yield return Chunk(id, model, created, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
                    break;
                case "content_block_delta" when AnthropicChat.Text(data?["delta"]?["type"]) == "text_delta":
                    yield return Chunk(id, model, created, new JsonObject { ["content"] = AnthropicChat.Text(data?["delta"]?["text"]) ?? "" }, null);
                    break;
                case "message_delta":
                    // Anthropic's output count here is cumulative; newer versions also repeat the input count.
                    if (data?["usage"] is JsonObject usage)
                    {
                        completion = usage["output_tokens"] is null ? completion : AnthropicChat.Number(usage["output_tokens"]);
                        prompt = usage["input_tokens"] is null ? prompt : AnthropicChat.Number(usage["input_tokens"]);
                    }
                    var reason = AnthropicChat.FinishReason(AnthropicChat.Text(data?["delta"]?["stop_reason"])) ?? "stop";
                    yield return Chunk(id, model, created, [], reason);
                    if (includeUsage)
                        yield return UsageChunk(id, model, created, AnthropicChat.Usage(prompt, completion));
                    break;
                case "error":
                    // The same shape the route layer uses for errors after the headers are sent (reference §3.2).
                    var error = data?["error"];
                    yield return Line(new JsonObject
                    {
                        ["error"] = new JsonObject
                        {
                            ["message"] = AnthropicChat.Text(error?["message"]) ?? item.Data,
                            ["type"] = AnthropicChat.Text(error?["type"]) ?? "error",
                        },
                    });
                    break;
            }
        }
    }

    private static ReadOnlyMemory<byte> Chunk(string id, string model, long created, JsonObject delta, string? finishReason) =>
        Line(new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        });

    /// <summary>OpenAI's shape for <c>stream_options.include_usage</c>: a last chunk with no choices and the totals.</summary>
    private static ReadOnlyMemory<byte> UsageChunk(string id, string model, long created, JsonObject usage) =>
        Line(new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(),
            ["usage"] = usage,
        });

    private static ReadOnlyMemory<byte> Line(JsonObject data) => Encoding.UTF8.GetBytes("data: " + data.ToJsonString() + "\n\n");

    /// <summary>A read-only stream over produced chunks; disposing it ends the producer and the upstream body.</summary>
    private sealed class ChunkStream(Stream upstream, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks) : AsyncReadOnlyStream
    {
        private readonly IAsyncEnumerator<ReadOnlyMemory<byte>> _chunks = chunks.GetAsyncEnumerator();
        private ReadOnlyMemory<byte> _pending;
        private bool _done;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_pending.IsEmpty && !_done)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await _chunks.MoveNextAsync())
                    _pending = _chunks.Current;
                else
                    _done = true;
            }
            var count = Math.Min(buffer.Length, _pending.Length);
            _pending[..count].CopyTo(buffer);
            _pending = _pending[count..];
            return count;
        }

        public override async ValueTask DisposeAsync()
        {
            await _chunks.DisposeAsync();
            await upstream.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            // Closing the upstream first makes a pending producer read fail fast instead of waiting for the provider.
            if (disposing)
                upstream.Dispose();
            base.Dispose(disposing);
        }
    }
}
