using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Crypto;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Hosting;

namespace Workspaces.Tests.Unit.Data;

/// <summary><c>crypto rotate-kek</c> (issue 14 §2): every data key re-wrapped in one transaction; a key that does not open changes nothing.</summary>
public abstract class GatewayKeyRotationTests<TDb>(DataFixture<TDb> data) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Value = new() { ["api_key"] = "sk-rotate-me-0123456789" };

    [Fact]
    public async Task Rotation_rewraps_every_key_so_only_the_new_passphrase_opens_it()
    {
        var ids = new[] { await CreateAsync(), await CreateAsync() };
        var before = await RowsAsync(ids);

        var rotated = await Rotation(new GatewaySettings()).RotateAsync("the-new-passphrase", 7, Ct);

        Assert.True(rotated.IsSuccess, rotated.Error?.Message);
        Assert.True(rotated.Value >= 2);
        var after = await RowsAsync(ids);
        var fresh = new SecretCrypto(new GatewaySettings { KekPassphrase = "the-new-passphrase", KekVersion = 7 });
        var stale = new SecretCrypto(new GatewaySettings());
        foreach (var row in after)
        {
            Assert.Equal(7, row.KekVersion);
            Assert.Equal(before.Single(b => b.SecretId == row.SecretId).EncryptedValue, row.EncryptedValue); // the value's ciphertext stays
            var stored = new EncryptedSecret(row.EncryptedValue, row.WrappedDek, row.KekVersion);
            Assert.Equal(Value, fresh.Decrypt(stored, row.SecretId, row.SecretName).Value);
            Assert.Equal(SecretCrypto.DecryptFailedMessage, stale.Decrypt(stored with { KekVersion = 1 }, row.SecretId, row.SecretName).Error!.Message.Split(" The server")[0]);
        }
        // Back to the development passphrase so the other tests of this fixture see keys the default settings open.
        var back = await Rotation(new GatewaySettings { KekPassphrase = "the-new-passphrase", KekVersion = 7 })
            .RotateAsync(GatewaySettings.DefaultPassphrase, 1, Ct);
        Assert.True(back.IsSuccess, back.Error?.Message);
    }

    [Fact]
    public async Task A_wrong_current_passphrase_changes_nothing()
    {
        var id = await CreateAsync();
        var before = (await RowsAsync([id])).Single();

        var rotated = await Rotation(new GatewaySettings { KekPassphrase = "not-the-one" }).RotateAsync("next", 2, Ct);

        Assert.False(rotated.IsSuccess);
        Assert.Contains("Failed to decrypt secret", rotated.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", rotated.Error.Message, StringComparison.Ordinal);
        var after = (await RowsAsync([id])).Single();
        Assert.Equal(before.WrappedDek, after.WrappedDek);
        Assert.Equal(1, after.KekVersion);
    }

    [Fact]
    public async Task The_same_passphrase_and_version_is_refused()
    {
        var rotated = await Rotation(new GatewaySettings()).RotateAsync(GatewaySettings.DefaultPassphrase, 1, Ct);
        Assert.False(rotated.IsSuccess);
    }

    /// <summary>A rotation run with <paramref name="current"/> as the configured passphrase, as the CLI builds it.</summary>
    private GatewayKeyRotation Rotation(GatewaySettings current)
    {
        var scope = data.Scope();
        return new GatewayKeyRotation(scope.ServiceProvider.GetRequiredService<IDbContextFactory<TrackingDbContext>>(), current);
    }

    private async Task<string> CreateAsync()
    {
        await using var scope = data.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<GatewaySecretService>()
            .CreateAsync(new CreateSecretRequest($"k-{Guid.NewGuid():N}", Value, "openai", null, null), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value.SecretId;
    }

    private async Task<List<Workspaces.Data.Entities.GatewaySecret>> RowsAsync(string[] ids)
    {
        await using var db = data.Db();
        return await db.GatewaySecrets.AsNoTracking().Where(s => ids.Contains(s.SecretId)).ToListAsync(Ct);
    }
}

public sealed class GatewayKeyRotationTests_Sqlite(DataFixture<SqliteDb> d) : GatewayKeyRotationTests<SqliteDb>(d);

public sealed class GatewayKeyRotationTests_Postgres(DataFixture<PostgresDb> d) : GatewayKeyRotationTests<PostgresDb>(d);

public sealed class GatewayKeyRotationTests_MySql(DataFixture<MySqlDb> d) : GatewayKeyRotationTests<MySqlDb>(d);

/// <summary><c>crypto rotate-kek</c> parsing: the passphrase never comes from the command line.</summary>
public sealed class CryptoCommandLineTests
{
    [Fact]
    public void Rotate_kek_takes_a_version_and_the_servers_store_options()
    {
        var command = Assert.IsType<RotateKekCommand>(CommandLine.Parse(["crypto", "rotate-kek", "--new-kek-version", "3", "--backend-store-uri", "sqlite:///x.db"]).Value);
        Assert.Equal(3, command.NewVersion);
        Assert.Equal("sqlite:///x.db", command.Settings["Server:BackendStoreUri"]);
        Assert.Null(Assert.IsType<RotateKekCommand>(CommandLine.Parse(["crypto", "rotate-kek"]).Value).NewVersion);
    }

    [Theory]
    [InlineData("crypto", "rotate-kek", "--new-passphrase", "hunter2-secret")]
    [InlineData("crypto", "rotate-kek", "--new-passphrase=hunter2-secret")]
    [InlineData("crypto", "rotate-kek", "--new-kek-version", "0")]
    [InlineData("crypto", "rotate-kek", "hunter2-secret")]
    [InlineData("crypto", "rotate")]
    public void Bad_command_lines_are_refused_without_echoing_a_passphrase(params string[] args)
    {
        var parsed = CommandLine.Parse(args);
        Assert.False(parsed.IsSuccess);
        Assert.DoesNotContain("hunter2", parsed.Error!.Message, StringComparison.Ordinal);
    }
}
