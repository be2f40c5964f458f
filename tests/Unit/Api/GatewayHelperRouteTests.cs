using System.Net;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayArrange;

namespace Workspaces.Tests.Unit.Api;

/// <summary>The gateway UI's helper routes (reference §2): providers, suggested models, a provider's form, the key-storage state.</summary>
public sealed class GatewayHelperRouteTests(ApiFixture<SqliteDb, AuthProfile> api) : IClassFixture<ApiFixture<SqliteDb, AuthProfile>>
{
    private const string Base = "/ajax-api/3.0/mlflow/gateway";

    private AuthClient Admin => new(api.Client, "admin", AuthProfile.AdminPassword);

    [Fact]
    public async Task Providers_models_and_forms_are_served_and_unknown_providers_refused()
    {
        var providers = await Ok(await Admin.GetAsync($"{Base}/supported-providers"));
        Assert.Equal(["anthropic", "azure", "openai"], providers.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        var models = await Ok(await Admin.GetAsync($"{Base}/supported-models?provider=openai"));
        Assert.Contains("gpt-4o", models.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        var form = await Ok(await Admin.GetAsync($"{Base}/provider-config?provider=azure"));
        Assert.Equal("api_key", form.GetProperty("secret_fields")[0].GetProperty("name").GetString());
        Assert.Contains("deployment_name", form.GetProperty("auth_config_fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));

        var unknown = await Admin.GetAsync($"{Base}/provider-config?provider=litellm");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("Supported providers: anthropic, azure, openai", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_passphrase_state_is_for_admins_only()
    {
        var admin = await Ok(await Admin.GetAsync($"{Base}/secrets/config"));
        Assert.True(admin.GetProperty("secrets_available").GetBoolean());
        Assert.True(admin.GetProperty("using_default_passphrase").GetBoolean());

        var user = Names.Unique("u");
        await Ok(await Admin.PostAsync("/api/2.0/mlflow/users/create", $$"""{"username":"{{user}}","password":"pw-123456789"}"""));
        var plain = await Ok(await new AuthClient(api.Client, user, "pw-123456789").GetAsync($"{Base}/secrets/config"));
        Assert.True(plain.GetProperty("secrets_available").GetBoolean());
        Assert.False(plain.TryGetProperty("using_default_passphrase", out _));
    }
}
