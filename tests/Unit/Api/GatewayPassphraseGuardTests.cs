using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Entities;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Crypto;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayTestClient;

namespace Workspaces.Tests.Unit.Api;

/// <summary>A non-loopback bind (<c>Server:Host</c>) with MLflow's built-in development passphrase.</summary>
public sealed class PublicBindProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Server:Host"] = "0.0.0.0" };
}

/// <summary>The same, with the operator's explicit opt-in (<c>Gateway:AllowDefaultPassphrase</c>).</summary>
public sealed class PublicBindAllowedProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:Host"] = "0.0.0.0",
        ["Gateway:AllowDefaultPassphrase"] = "true",
    };
}

/// <summary>
/// The default-passphrase guard (issue 14 §2): on a reachable bind, a server still using the development passphrase refuses
/// to seal new API key values (400, saying why) unless the operator opted in; everything not sealing a value still works.
/// </summary>
public abstract class GatewayPassphraseGuardTests<TDb>(ApiFixture<TDb, PublicBindProfile> guarded, ApiFixture<TDb, PublicBindAllowedProfile> allowed)
    : IClassFixture<ApiFixture<TDb, PublicBindProfile>>, IClassFixture<ApiFixture<TDb, PublicBindAllowedProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task Refused(HttpResponseMessage response)
    {
        var message = await ApiAssert.Error(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Refusing to store API keys");
        Assert.Contains("development passphrase", message, StringComparison.Ordinal);
        Assert.Contains("non-loopback", message, StringComparison.Ordinal);
        Assert.Contains("MLFLOW_CRYPTO_KEK_PASSPHRASE", message, StringComparison.Ordinal);
        Assert.Contains("Gateway:AllowDefaultPassphrase", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_derives_the_public_bind_from_the_listen_address()
    {
        var settings = guarded.Services.GetRequiredService<GatewaySettings>();
        Assert.True(settings.PublicBind && settings.UsesDefaultPassphrase && !settings.AllowDefaultPassphrase);
        Assert.True(allowed.Services.GetRequiredService<GatewaySettings>().AllowDefaultPassphrase);
    }

    [Fact]
    public async Task Creating_a_key_is_refused_and_nothing_is_stored()
    {
        var gw = await For(guarded, null).NewWorkspaceAsync("grd");
        await Refused(await gw.PostAsync("secrets/create", $$"""{"secret_name":"k1","secret_value":{"api_key":"{{Key}}"},"provider":"openai"}"""));
        Assert.Equal("{}", (await ApiAssert.Ok(await gw.GetAsync("secrets/list"))).GetRawText());
        // Request errors still come first: a missing name is reported as such.
        await ApiAssert.Error(await gw.PostAsync("secrets/create", """{"secret_value":{"api_key":"x"} }"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'secret_name'.");
        gw.AssertNeverReturned(Key);
    }

    [Fact]
    public async Task Updating_a_value_is_refused_but_other_changes_and_reads_work()
    {
        // A key stored before the server moved to a public address (sealed with the same development passphrase).
        var gw = await For(guarded, null).NewWorkspaceAsync("grd");
        var id = $"s-{Guid.NewGuid():N}";
        var stored = guarded.Services.GetRequiredService<SecretCrypto>().Encrypt(new Dictionary<string, string> { ["api_key"] = Key }, id, "k1");
        await using (var db = guarded.Db(gw.Workspace))
        {
            db.GatewaySecrets.Add(new GatewaySecret
            {
                SecretId = id, SecretName = "k1", EncryptedValue = stored.EncryptedValue, WrappedDek = stored.WrappedDek, KekVersion = stored.KekVersion,
                MaskedValue = """{"api_key":"sk-...1234"}""", CreatedAt = 1, LastUpdatedAt = 1, Workspace = gw.Workspace,
            });
            await db.SaveChangesAsync(Ct);
        }
        await Refused(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","secret_value":{"api_key":"sk-zzzzzzzz9999"} }"""));
        var kept = (await ApiAssert.Ok(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","auth_config":{"api_base":"http://b"} }""")))
            .GetProperty("secret");
        Assert.Equal(Masked, kept.GetProperty("masked_values").GetProperty("api_key").GetString());
        Assert.Equal("http://b", kept.GetProperty("auth_config").GetProperty("api_base").GetString());
        var definition = await gw.CreateDefinitionAsync("m1", id);
        Assert.Equal("k1", Id(definition, "secret_name"));
        await using var check = guarded.Db(gw.Workspace);
        Assert.Equal(stored.EncryptedValue, (await check.GatewaySecrets.AsNoTracking().SingleAsync(s => s.SecretId == id, Ct)).EncryptedValue);
    }

    [Fact]
    public async Task The_operators_opt_in_lets_keys_be_created_and_updated()
    {
        var gw = await For(allowed, null).NewWorkspaceAsync("alw");
        var id = Id(await gw.CreateSecretAsync("k1"), "secret_id");
        var updated = (await ApiAssert.Ok(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","secret_value":{"api_key":"sk-zzzzzzzz9999"} }""")))
            .GetProperty("secret");
        Assert.Equal("sk-...9999", updated.GetProperty("masked_values").GetProperty("api_key").GetString());
    }
}

public sealed class GatewayPassphraseGuardTests_Sqlite(ApiFixture<SqliteDb, PublicBindProfile> g, ApiFixture<SqliteDb, PublicBindAllowedProfile> a)
    : GatewayPassphraseGuardTests<SqliteDb>(g, a);

public sealed class GatewayPassphraseGuardTests_Postgres(ApiFixture<PostgresDb, PublicBindProfile> g, ApiFixture<PostgresDb, PublicBindAllowedProfile> a)
    : GatewayPassphraseGuardTests<PostgresDb>(g, a);

public sealed class GatewayPassphraseGuardTests_MySql(ApiFixture<MySqlDb, PublicBindProfile> g, ApiFixture<MySqlDb, PublicBindAllowedProfile> a)
    : GatewayPassphraseGuardTests<MySqlDb>(g, a);
