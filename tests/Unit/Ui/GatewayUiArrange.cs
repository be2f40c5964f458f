using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Gateway;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>Gateway rows made through the real services (unrestricted scopes), each call in its own scope as a client's request would be.</summary>
internal sealed class GatewayUiArrange(DataFixture<SqliteDb> data, string workspace)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async Task<GatewaySecretInfo> KeyAsync(string name, string value = "sk-arranged-value-0000", string? apiBase = null)
    {
        await using var scope = data.Scope(workspace);
        var settings = apiBase is null ? null : new Dictionary<string, string> { ["api_base"] = apiBase };
        var created = await scope.ServiceProvider.GetRequiredService<GatewaySecretService>()
            .CreateAsync(new CreateSecretRequest(name, new Dictionary<string, string> { ["api_key"] = value }, "openai", settings, "arrange"), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    public async Task<GatewayModelDefinitionDto> DefinitionAsync(string name, string secretId, string model = "gpt-4o-mini")
    {
        await using var scope = data.Scope(workspace);
        var created = await scope.ServiceProvider.GetRequiredService<GatewayModelDefinitionService>()
            .CreateAsync(new CreateModelDefinitionRequest(name, secretId, "openai", model, "arrange"), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    public async Task<GatewayEndpointDto> EndpointAsync(string name, params string[] definitionIds)
    {
        await using var scope = data.Scope(workspace);
        var configs = definitionIds.Select(id => new GatewayModelConfig(id, GatewayRules.Primary, 1.0, null)).ToList();
        var created = await scope.ServiceProvider.GetRequiredService<GatewayEndpointService>()
            .CreateAsync(new CreateEndpointRequest(name, configs, "arrange", null, null, null, false), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    public async Task<GatewayEndpointDto> GetEndpointAsync(string id)
    {
        await using var scope = data.Scope(workspace);
        return (await scope.ServiceProvider.GetRequiredService<GatewayEndpointService>().GetAsync(id, Ct)).Value;
    }

    public async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = data.Scope(workspace);
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A key, a definition using it and an endpoint mapping that definition, as one set.</summary>
    public async Task<(GatewaySecretInfo Key, GatewayModelDefinitionDto Definition, GatewayEndpointDto Endpoint)> ChainAsync(string prefix = "")
    {
        var key = await KeyAsync($"{prefix}key");
        var definition = await DefinitionAsync($"{prefix}model", key.SecretId);
        var endpoint = await EndpointAsync($"{prefix}chat", definition.ModelDefinitionId);
        return (key, definition, endpoint);
    }

    /// <summary>The same set calling the fake provider with its key; <paramref name="model"/> keys the fake's behaviour.</summary>
    public async Task<GatewayEndpointDto> ChainOnAsync(FakeLlmProvider fake, string model)
    {
        var key = await KeyAsync("key", FakeLlmProvider.ApiKey, fake.V1);
        var definition = await DefinitionAsync("model", key.SecretId, model);
        return await EndpointAsync("chat", definition.ModelDefinitionId);
    }
}
