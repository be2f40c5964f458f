using System.Text;
using System.Text.Json.Nodes;
using Workspaces.Data.Gateway.Providers;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Data.GatewayProviderTargets;

namespace Workspaces.Tests.Unit.Data;

/// <summary>Streaming through the provider layer: relayed as it arrives, translated for Anthropic, usage observed.</summary>
public sealed class GatewayProviderStreamingTests(FakeLlmProvider fake) : IClassFixture<FakeLlmProvider>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAi_stream_passes_through_unchanged_and_its_usage_is_observed()
    {
        var target = OpenAi(fake);
        var body = Chat("hi", stream: true);
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.OpenAiChat, body, Ct);

        Assert.True(response.IsStream);
        Assert.Equal((200, "text/event-stream"), (response.StatusCode, response.ContentType));
        Assert.Null(response.Usage);
        using var reader = new StreamReader(response.Body!);
        var text = await reader.ReadToEndAsync(Ct);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        Assert.Contains("\"content\":\"Hel\"", text, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(11, 7, 18), response.Usage);
        Assert.True(Assert.Single(fake.RequestsFor(target.ModelName)).Body!["stream"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(ProviderCatalog.OpenAi)]
    [InlineData(ProviderCatalog.Anthropic)]
    public async Task First_event_arrives_while_the_provider_still_holds_the_last(string provider)
    {
        var target = provider == ProviderCatalog.OpenAi ? OpenAi(fake) : Anthropic(fake);
        var gate = fake.HoldLastChunk(target.ModelName);

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("hi", stream: true), Ct)
            .WaitAsync(Patience, Ct);

        // The fake will not send its last event until released: reading anything at all proves nothing is buffered.
        var first = await ReadFirstEventAsync(response.Body!).WaitAsync(Patience, Ct);
        Assert.Contains("\"role\":\"assistant\"", first, StringComparison.Ordinal);
        Assert.False(gate.AbortedTask.IsCompleted);
        gate.Release();
        using var reader = new StreamReader(response.Body!);
        var rest = await reader.ReadToEndAsync(Ct).WaitAsync(Patience, Ct);
        Assert.Contains("\"finish_reason\":\"stop\"", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anthropic_stream_becomes_chat_completion_chunks()
    {
        var target = Anthropic(fake);
        var body = Chat("hi", stream: true);
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, body, Ct);

        Assert.Equal("text/event-stream", response.ContentType);
        var events = await EventsAsync(response);
        Assert.All(events, e => Assert.Equal(("chat.completion.chunk", "msg_fake_stream", target.ModelName),
            (e["object"]!.GetValue<string>(), e["id"]!.GetValue<string>(), e["model"]!.GetValue<string>())));
        var deltas = events.Where(e => e["choices"]!.AsArray().Count > 0).Select(e => e["choices"]![0]!).ToList();
        Assert.Equal("assistant", deltas[0]["delta"]!["role"]!.GetValue<string>());
        Assert.Equal("Hello world", string.Concat(deltas.Select(d => d["delta"]?["content"]?.GetValue<string>())));
        Assert.Equal("stop", deltas[^1]["finish_reason"]!.GetValue<string>());
        var usage = events[^1]["usage"]!;
        Assert.Equal((13, 5, 18), (usage["prompt_tokens"]!.GetValue<int>(), usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>()));
        Assert.Empty(events[^1]["choices"]!.AsArray());
        Assert.Equal(new TokenUsage(13, 5, 18), response.Usage);
        Assert.True(Assert.Single(fake.RequestsFor(target.ModelName)).Body!["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Anthropic_stream_without_include_usage_has_no_usage_chunk_but_usage_is_still_observed()
    {
        await using var response = await Client(fake).SendAsync(Anthropic(fake), GatewayOperation.Chat, Chat("hi", stream: true), Ct);

        var events = await EventsAsync(response);
        Assert.All(events, e => Assert.False(e.ContainsKey("usage")));
        Assert.Equal(new TokenUsage(13, 5, 18), response.Usage);
    }

    [Fact]
    public async Task Anthropic_error_event_midstream_becomes_an_error_chunk()
    {
        var target = Anthropic(fake);
        fake.OverloadMidStream(target.ModelName);

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("hi", stream: true), Ct);

        var events = await EventsAsync(response);
        Assert.Equal(2, events.Count);
        Assert.Equal(("Overloaded", "overloaded_error"),
            (events[1]["error"]!["message"]!.GetValue<string>(), events[1]["error"]!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Anthropic_passthrough_stream_keeps_anthropic_events()
    {
        var body = Chat("hi", stream: true);
        body["max_tokens"] = 10;

        await using var response = await Client(fake).SendAsync(Anthropic(fake), GatewayOperation.AnthropicMessages, body, Ct);

        using var reader = new StreamReader(response.Body!);
        var text = await reader.ReadToEndAsync(Ct);
        Assert.StartsWith("event: message_start\n", text, StringComparison.Ordinal);
        Assert.Contains("event: message_stop", text, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(13, 5, 18), response.Usage);
    }

    [Theory]
    [InlineData(ProviderCatalog.OpenAi)]
    [InlineData(ProviderCatalog.Anthropic)]
    public async Task Disposing_a_stream_midway_ends_the_upstream_request(string provider)
    {
        var target = provider == ProviderCatalog.OpenAi ? OpenAi(fake) : Anthropic(fake);
        var gate = fake.HoldLastChunk(target.ModelName);
        var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("hi", stream: true), Ct);
        await ReadFirstEventAsync(response.Body!).WaitAsync(Patience, Ct);

        await response.DisposeAsync();

        await gate.AbortedTask.WaitAsync(Patience, Ct);
    }

    private static async Task<string> ReadFirstEventAsync(Stream body)
    {
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!text.ToString().Contains("\n\n", StringComparison.Ordinal))
        {
            var read = await body.ReadAsync(buffer, Ct);
            if (read == 0)
                break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        return text.ToString();
    }
}
