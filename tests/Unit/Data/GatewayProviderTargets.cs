using System.Text.Json.Nodes;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Providers;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>Targets on the fake provider, with a model name unique to the calling test (the fake's modes are keyed by it).</summary>
internal static class GatewayProviderTargets
{
    public static ProviderTarget OpenAi(FakeLlmProvider fake, string? model = null, Dictionary<string, string>? config = null) =>
        Target(ProviderCatalog.OpenAi, model, new Dictionary<string, string>(config ?? []) { ["api_base"] = fake.V1 });

    public static ProviderTarget Anthropic(FakeLlmProvider fake, string? model = null, Dictionary<string, string>? config = null) =>
        Target(ProviderCatalog.Anthropic, model, new Dictionary<string, string>(config ?? []) { ["api_base"] = fake.V1 });

    /// <summary>An Azure deployment named like the model (the fake keys Azure calls by deployment).</summary>
    public static ProviderTarget Azure(FakeLlmProvider fake, string deployment, string apiType = "azure", string provider = ProviderCatalog.Azure) =>
        new(provider, "gpt-4o", Key(), new Dictionary<string, string>
        {
            ["api_base"] = fake.BaseUrl + "/",
            ["deployment_name"] = deployment,
            ["api_version"] = "2024-06-01",
            ["api_type"] = apiType,
        });

    public static ProviderTarget Target(string provider, string? model, Dictionary<string, string> config) =>
        new(provider, model ?? Names.Unique("model"), Key(), config);

    public static ProviderClient Client(FakeLlmProvider fake, double timeoutSeconds = 30) =>
        new(fake.Http, new GatewaySettings { RouteTimeoutSeconds = timeoutSeconds });

    public static JsonObject Chat(string text, bool stream = false) => new()
    {
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        ["stream"] = stream,
    };

    public static async Task<JsonObject> JsonAsync(ProviderResponse response)
    {
        Assert.True(response.IsSuccess, response.Error?.Message);
        using var reader = new StreamReader(response.Body);
        return JsonNode.Parse(await reader.ReadToEndAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    /// <summary>The JSON of each <c>data:</c> event of a stream read to the end ([DONE] left out).</summary>
    public static async Task<List<JsonObject>> EventsAsync(ProviderResponse response)
    {
        Assert.True(response.IsSuccess, response.Error?.Message);
        using var reader = new StreamReader(response.Body);
        var text = await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
        return [.. text.Split('\n')
            .Where(l => l.StartsWith("data: ", StringComparison.Ordinal) && l != "data: [DONE]")
            .Select(l => JsonNode.Parse(l["data: ".Length..])!.AsObject())];
    }

    private static Dictionary<string, string> Key() => new() { ["api_key"] = FakeLlmProvider.ApiKey };
}
