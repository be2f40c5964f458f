using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway.Crypto;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayTestClient;

namespace Workspaces.Tests.Unit.Api;

/// <summary>A server whose KEK comes from another passphrase (configuration section <c>Gateway</c>), on a public bind.</summary>
public sealed class GatewayPassphraseProfile : ISettingsProfile
{
    public const string Passphrase = "another-passphrase-for-gateway-tests";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:Host"] = "0.0.0.0",
        ["Gateway:KekPassphrase"] = Passphrase,
    };
}

/// <summary>
/// Encryption at rest through the real server (issue 14 §2): the <c>secrets</c> row holds ciphertext and the masked JSON,
/// the audit log never sees a value, and a server keyed by another passphrase cannot open the row — with MLflow's message.
/// </summary>
public abstract class GatewaySecretStorageTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture, ApiFixture<TDb, GatewayPassphraseProfile> other)
    : IClassFixture<ApiFixture<TDb, DefaultProfile>>, IClassFixture<ApiFixture<TDb, GatewayPassphraseProfile>>
    where TDb : IDatabaseKind
{
    private const string NewKey = "sk-rotated-value-5678";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(GatewayTestClient Gw, string Id)> StoredAsync()
    {
        var gw = await For(fixture, null).NewWorkspaceAsync("enc");
        return (gw, Id(await gw.CreateSecretAsync("k1", extra: ""","auth_config":{"organization":"org-1"}"""), "secret_id"));
    }

    private async Task<Workspaces.Data.Entities.GatewaySecret> RowAsync(string id)
    {
        await using var db = fixture.Db();
        return await db.GatewaySecrets.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.SecretId == id, Ct);
    }

    private static void AssertSealed(Workspaces.Data.Entities.GatewaySecret row, string plaintext)
    {
        foreach (var bytes in new[] { row.EncryptedValue, row.WrappedDek })
        {
            Assert.DoesNotContain(plaintext, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain("api_key", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
        Assert.Equal(12 + 32 + 16, row.WrappedDek.Length);
        Assert.Equal(1, row.KekVersion);
    }

    [Fact]
    public async Task The_row_holds_ciphertext_and_the_masked_json_only()
    {
        var (gw, id) = await StoredAsync();
        var row = await RowAsync(id);
        AssertSealed(row, Key);
        Assert.Equal("""{"api_key":"sk-...1234"}""", row.MaskedValue);
        Assert.Equal("""{"organization":"org-1"}""", row.AuthConfig);
        Assert.Equal(gw.Workspace, row.Workspace);

        await ApiAssert.Ok(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","secret_value":{"api_key":"{{NewKey}}"} }"""));
        var rotated = await RowAsync(id);
        AssertSealed(rotated, NewKey);
        Assert.NotEqual(row.EncryptedValue, rotated.EncryptedValue);
        Assert.NotEqual(row.WrappedDek, rotated.WrappedDek);
        Assert.Equal("""{"api_key":"sk-...5678"}""", rotated.MaskedValue);
        gw.AssertNeverReturned(Key);
        gw.AssertNeverReturned(NewKey);
    }

    [Fact]
    public async Task The_audit_log_records_the_changes_without_the_values()
    {
        var (gw, id) = await StoredAsync();
        await ApiAssert.Ok(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","secret_value":{"api_key":"{{NewKey}}"} }"""));
        await ApiAssert.Ok(await gw.DeleteAsync("secrets/delete", $$"""{"secret_id":"{{id}}"}"""));
        await using var db = fixture.Db();
        var events = await db.AuditEvents.AsNoTracking().Where(a => a.Workspace == gw.Workspace && a.TargetType == "gateway_secret").ToListAsync(Ct);
        Assert.Equal(["gateway.secret.create", "gateway.secret.delete", "gateway.secret.update"], events.Select(e => e.Action).Order(StringComparer.Ordinal));
        Assert.Contains(events, e => e.After?.Contains("sk-...5678", StringComparison.Ordinal) == true);
        var everything = await db.AuditEvents.AsNoTracking().Select(a => a.Target + a.Before + a.After).ToListAsync(Ct);
        Assert.All(everything, text =>
        {
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(NewKey, text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_server_keyed_by_another_passphrase_cannot_open_the_row()
    {
        var (_, id) = await StoredAsync();
        var row = await RowAsync(id);
        var stored = new EncryptedSecret(row.EncryptedValue, row.WrappedDek, row.KekVersion);

        var own = fixture.Services.GetRequiredService<SecretCrypto>().Decrypt(stored, row.SecretId, row.SecretName);
        Assert.True(own.IsSuccess);
        Assert.Equal(Key, own.Value["api_key"]);
        // The id and name are the AAD: the same bytes under another name do not open.
        Assert.False(fixture.Services.GetRequiredService<SecretCrypto>().Decrypt(stored, row.SecretId, "k2").IsSuccess);

        var foreign = other.Services.GetRequiredService<SecretCrypto>().Decrypt(stored, row.SecretId, row.SecretName);
        Assert.False(foreign.IsSuccess);
        Assert.Equal(ErrorCode.InvalidParameterValue, foreign.Error!.Code);
        Assert.Equal("Failed to decrypt secret. Check KEK passphrase, secret metadata, or database integrity.", foreign.Error.Message);
    }

    [Fact]
    public async Task The_configured_passphrase_seals_new_keys_even_on_a_public_bind()
    {
        var gw = await For(other, null).NewWorkspaceAsync("kek");
        var id = Id(await gw.CreateSecretAsync("k1"), "secret_id");
        await using var db = other.Db();
        var row = await db.GatewaySecrets.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.SecretId == id, Ct);
        var stored = new EncryptedSecret(row.EncryptedValue, row.WrappedDek, row.KekVersion);
        Assert.Equal(Key, other.Services.GetRequiredService<SecretCrypto>().Decrypt(stored, id, "k1").Value["api_key"]);
        // The development passphrase cannot open it, and says which passphrase it is using.
        var wrong = fixture.Services.GetRequiredService<SecretCrypto>().Decrypt(stored, id, "k1");
        Assert.StartsWith("Failed to decrypt secret. Check KEK passphrase, secret metadata, or database integrity.", wrong.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("MLFLOW_CRYPTO_KEK_PASSPHRASE", wrong.Error.Message, StringComparison.Ordinal);
    }
}

public sealed class GatewaySecretStorageTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f, ApiFixture<SqliteDb, GatewayPassphraseProfile> o)
    : GatewaySecretStorageTests<SqliteDb>(f, o);

public sealed class GatewaySecretStorageTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f, ApiFixture<PostgresDb, GatewayPassphraseProfile> o)
    : GatewaySecretStorageTests<PostgresDb>(f, o);

public sealed class GatewaySecretStorageTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f, ApiFixture<MySqlDb, GatewayPassphraseProfile> o)
    : GatewaySecretStorageTests<MySqlDb>(f, o);
