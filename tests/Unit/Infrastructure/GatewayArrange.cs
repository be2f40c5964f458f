using System.Net;
using System.Text.Json;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>A workspace with an API key on the fake provider, a model definition and an endpoint, made through the API as admin.</summary>
/// <c>ExperimentId</c> is the usage-tracking experiment (null when usage tracking is off).
public sealed record GatewayWorld(string Workspace, string SecretId, string DefinitionId, string EndpointId, string Endpoint, string Model,
    string? ExperimentId = null);

public static class GatewayArrange
{
    /// <summary>
    /// Arranges one endpoint per call; <paramref name="model"/> names the provider model (the fake's failure modes are keyed
    /// by it). <paramref name="fallbackModel"/> adds a FALLBACK definition and a fallback config. With
    /// <paramref name="usageTracking"/> the server creates the endpoint's <c>gateway/chat</c> experiment.
    /// </summary>
    public static async Task<GatewayWorld> EndpointAsync(AuthClient admin, FakeLlmProvider fake, string? model = null, string provider = "openai",
        string? fallbackModel = null, string? apiBase = null, bool usageTracking = false)
    {
        var ws = Names.Unique("gw");
        await Ok(await admin.In(null).PostAsync("/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), HttpStatusCode.Created);
        var client = admin.In(ws);
        var secret = await Ok(await client.PostAsync("/api/3.0/mlflow/gateway/secrets/create", JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["secret_name"] = "key",
            ["secret_value"] = new Dictionary<string, string> { ["api_key"] = FakeLlmProvider.ApiKey },
            ["provider"] = provider,
            ["auth_config"] = new Dictionary<string, string> { ["api_base"] = apiBase ?? fake.V1 },
        })));
        var secretId = secret.GetProperty("secret").GetProperty("secret_id").GetString()!;
        model ??= Names.Unique("model");
        var definition = await DefinitionAsync(client, "primary", secretId, provider, model);
        var configs = new List<object> { new { model_definition_id = definition, linkage_type = "PRIMARY" } };
        if (fallbackModel is not null)
            configs.Add(new { model_definition_id = await DefinitionAsync(client, "fallback", secretId, provider, fallbackModel), linkage_type = "FALLBACK", fallback_order = 1 });
        var endpoint = await Ok(await client.PostAsync("/api/3.0/mlflow/gateway/endpoints/create", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["name"] = "chat",
            ["model_configs"] = configs,
            ["usage_tracking"] = usageTracking,
            ["fallback_config"] = fallbackModel is null ? null : new { strategy = "SEQUENTIAL", max_attempts = 2 },
        })));
        var created = endpoint.GetProperty("endpoint");
        var experiment = created.TryGetProperty("experiment_id", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return new GatewayWorld(ws, secretId, definition, created.GetProperty("endpoint_id").GetString()!, "chat", model, experiment);
    }

    private static async Task<string> DefinitionAsync(AuthClient client, string name, string secretId, string provider, string model)
    {
        var created = await Ok(await client.PostAsync("/api/3.0/mlflow/gateway/model-definitions/create",
            JsonSerializer.Serialize(new { name, secret_id = secretId, provider, model_name = model })));
        return created.GetProperty("model_definition").GetProperty("model_definition_id").GetString()!;
    }

    public static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
