using System.Text.Json.Nodes;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway.Providers;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Data.GatewayProviderTargets;

namespace Workspaces.Tests.Unit.Data;

/// <summary>What each provider receives (URL, credentials, body) and what comes back, against a real HTTP fake.</summary>
public sealed class GatewayProviderRequestTests(FakeLlmProvider fake) : IClassFixture<FakeLlmProvider>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAi_chat_injects_the_key_and_model_and_relays_the_completion()
    {
        var target = OpenAi(fake, config: new() { ["organization"] = "org-42" });
        var body = Chat("hi");
        body["model"] = "my-endpoint";

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, body, Ct);

        var completion = await JsonAsync(response);
        Assert.Equal((200, "application/json"), (response.StatusCode, response.ContentType));
        Assert.Equal("echo: hi", completion["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(new TokenUsage(FakeLlmResponses.OpenAiPromptTokens, FakeLlmResponses.OpenAiCompletionTokens, 18), response.Usage);
        var seen = Assert.Single(fake.RequestsFor(target.ModelName));
        Assert.Equal("/v1/chat/completions", seen.Path);
        Assert.Equal("Bearer " + FakeLlmProvider.ApiKey, seen.Headers["authorization"]);
        Assert.Equal("org-42", seen.Headers["openai-organization"]);
        Assert.Equal(target.ModelName, seen.Body!["model"]!.GetValue<string>());
        // The caller's body is left alone: the next fallback model gets it as the client sent it.
        Assert.Equal("my-endpoint", body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenAi_embeddings_round_trip_keeps_input_order()
    {
        var target = OpenAi(fake);
        var body = new JsonObject { ["input"] = new JsonArray("a", "abc") };

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Embeddings, body, Ct);

        var result = await JsonAsync(response);
        Assert.Equal("list", result["object"]!.GetValue<string>());
        Assert.Equal([1.0, 3.0], result["data"]!.AsArray().Select(d => d!["embedding"]![0]!.GetValue<double>()));
        Assert.Equal(4, response.Usage!.PromptTokens);
        Assert.Equal("/v1/embeddings", Assert.Single(fake.RequestsFor(target.ModelName)).Path);
    }

    [Fact]
    public async Task Azure_calls_the_deployment_with_api_key_and_version_and_no_model()
    {
        var deployment = Names.Unique("dep");
        var target = Azure(fake, deployment);
        var body = Chat("to azure");
        body["model"] = "my-endpoint";

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.OpenAiChat, body, Ct);

        Assert.Equal("echo: to azure", (await JsonAsync(response))["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        var seen = Assert.Single(fake.RequestsFor(deployment));
        Assert.Equal($"/openai/deployments/{deployment}/chat/completions", seen.Path);
        Assert.Equal("?api-version=2024-06-01", seen.Query);
        Assert.Equal(FakeLlmProvider.ApiKey, seen.Headers["api-key"]);
        Assert.False(seen.Headers.ContainsKey("authorization"));
        Assert.False(seen.Body!.ContainsKey("model"));
    }

    [Theory]
    [InlineData(ProviderCatalog.Azure, "azuread")]
    [InlineData(ProviderCatalog.OpenAi, "azure")]
    [InlineData(ProviderCatalog.OpenAi, "azuread")]
    public async Task Azure_api_types_choose_the_header_and_make_openai_secrets_call_azure(string provider, string apiType)
    {
        var deployment = Names.Unique("dep");
        var target = Azure(fake, deployment, apiType, provider);

        await using var response = await Client(fake).SendAsync(
            target, GatewayOperation.Embeddings, new JsonObject { ["input"] = "x" }, Ct);

        Assert.True(response.IsSuccess, response.Error?.Message);
        var seen = Assert.Single(fake.RequestsFor(deployment));
        Assert.Equal($"/openai/deployments/{deployment}/embeddings", seen.Path);
        if (apiType == "azuread")
            Assert.Equal("Bearer " + FakeLlmProvider.ApiKey, seen.Headers["authorization"]);
        else
            Assert.Equal(FakeLlmProvider.ApiKey, seen.Headers["api-key"]);
    }

    [Fact]
    public async Task Azure_without_a_deployment_is_a_400_before_any_call()
    {
        var target = new ProviderTarget(ProviderCatalog.Azure, "m", new Dictionary<string, string> { ["api_key"] = "k" },
            new Dictionary<string, string> { ["api_base"] = fake.BaseUrl, ["api_version"] = "v" });

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x"), Ct);

        Assert.Equal((400, ErrorCode.InvalidParameterValue), (response.StatusCode, response.Error!.Code));
        Assert.Contains("'deployment_name'", response.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anthropic_passthrough_sends_key_version_and_model_and_relays_unchanged()
    {
        var target = Anthropic(fake, config: new() { ["version"] = "2024-01-01" });
        var body = new JsonObject
        {
            ["model"] = "endpoint-name",
            ["max_tokens"] = 50,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "raw" }),
        };

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.AnthropicMessages, body, Ct);

        var message = await JsonAsync(response);
        Assert.Equal("message", message["type"]!.GetValue<string>());
        Assert.Equal(new TokenUsage(13, 5, 18), response.Usage);
        var seen = Assert.Single(fake.RequestsFor(target.ModelName));
        Assert.Equal("/v1/messages", seen.Path);
        Assert.Equal((FakeLlmProvider.ApiKey, "2024-01-01"), (seen.Headers["x-api-key"], seen.Headers["anthropic-version"]));
        Assert.Equal(50, seen.Body!["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unified_chat_on_anthropic_is_translated_both_ways()
    {
        var target = Anthropic(fake);
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "be brief" },
                new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "hello" }) }),
            ["temperature"] = 1.0,
            ["top_p"] = 0.9,
            ["stop"] = "END",
        };

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, body, Ct);

        var seen = Assert.Single(fake.RequestsFor(target.ModelName)).Body!;
        Assert.Equal("be brief", seen["system"]!.GetValue<string>());
        Assert.Equal("user", Assert.Single(seen["messages"]!.AsArray())!["role"]!.GetValue<string>());
        Assert.Equal(ProviderCatalog.DefaultAnthropicMaxTokens, seen["max_tokens"]!.GetValue<int>());
        Assert.Equal((0.5, 0.9), (seen["temperature"]!.GetValue<double>(), seen["top_p"]!.GetValue<double>()));
        Assert.Equal("END", Assert.Single(seen["stop_sequences"]!.AsArray())!.GetValue<string>());
        Assert.Equal("2023-06-01", Assert.Single(fake.RequestsFor(target.ModelName)).Headers["anthropic-version"]);

        var completion = await JsonAsync(response);
        Assert.Equal(("chat.completion", "msg_fake", target.ModelName),
            (completion["object"]!.GetValue<string>(), completion["id"]!.GetValue<string>(), completion["model"]!.GetValue<string>()));
        var choice = Assert.Single(completion["choices"]!.AsArray())!;
        Assert.Equal(("assistant", "echo: hello", "stop"), (choice["message"]!["role"]!.GetValue<string>(),
            choice["message"]!["content"]!.GetValue<string>(), choice["finish_reason"]!.GetValue<string>()));
        Assert.Equal((13, 5, 18), (completion["usage"]!["prompt_tokens"]!.GetValue<int>(),
            completion["usage"]!["completion_tokens"]!.GetValue<int>(), completion["usage"]!["total_tokens"]!.GetValue<int>()));
        Assert.True(completion["created"]!.GetValue<long>() > 1_700_000_000);
        Assert.Equal(new TokenUsage(13, 5, 18), response.Usage);
    }

    [Theory]
    [InlineData(ProviderCatalog.Anthropic, GatewayOperation.Embeddings, "Embeddings are not supported by provider 'anthropic'.")]
    [InlineData(ProviderCatalog.Anthropic, GatewayOperation.OpenAiChat, "The OpenAI chat API is not supported by provider 'anthropic'")]
    [InlineData(ProviderCatalog.OpenAi, GatewayOperation.AnthropicMessages, "The Anthropic messages API is not supported by provider 'openai'")]
    [InlineData("cohere", GatewayOperation.Chat, "Provider 'cohere' is not supported. Supported providers: anthropic, azure, openai.")]
    public async Task Operations_a_provider_cannot_serve_are_400_without_a_call(string provider, GatewayOperation operation, string message)
    {
        var target = Target(provider, null, new() { ["api_base"] = fake.V1 });

        await using var response = await Client(fake).SendAsync(target, operation, new JsonObject { ["input"] = "x" }, Ct);

        Assert.Equal((400, ErrorCode.InvalidParameterValue), (response.StatusCode, response.Error!.Code));
        Assert.StartsWith(message, response.Error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.RequestsFor(target.ModelName));
    }

    [Fact]
    public async Task Unified_chat_with_tools_on_anthropic_is_refused_rather_than_dropped()
    {
        var body = Chat("x");
        body["tools"] = new JsonArray(new JsonObject { ["type"] = "function" });

        await using var response = await Client(fake).SendAsync(Anthropic(fake), GatewayOperation.Chat, body, Ct);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("Tools are not supported", response.Error!.Message, StringComparison.Ordinal);
    }
}

