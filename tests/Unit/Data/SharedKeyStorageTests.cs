using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Hosting;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// Data Protection keys in the database (issue 18 §1): what one server process protects (a sign-in cookie, an
/// antiforgery token), another process on the same database can read, as a restart or a second replica must.
/// </summary>
public abstract class SharedKeyStorageTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    /// <summary>A fresh "process": its own container and key ring, the fixture's database.</summary>
    private ServiceProvider Process(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(fixture.Store);
        services.AddSingleton(new DataProtectionKeyStore(fixture.Store));
        services.AddSharedKeyStorage(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public void What_one_process_protects_another_on_the_same_database_reads()
    {
        string cookie;
        using (var first = Process())
            cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("signed-in as alice");
        Assert.NotEmpty(fixture.Services.GetRequiredService<DataProtectionKeyStore>().ReadAll());

        using var second = Process();
        Assert.Equal("signed-in as alice", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));
    }

    [Fact]
    public void A_keys_folder_when_configured_holds_the_keys_instead()
    {
        var folder = Directory.CreateTempSubdirectory("ws-keys-");
        try
        {
            var settings = new Dictionary<string, string?> { ["Server:DataProtectionKeysPath"] = folder.FullName };
            string cookie;
            using (var first = Process(settings))
                cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("x");
            Assert.NotEmpty(folder.GetFiles("key-*.xml"));
            using var second = Process(settings);
            Assert.Equal("x", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

public sealed class SharedKeyStorageTests_Sqlite(DataFixture<SqliteDb> f) : SharedKeyStorageTests<SqliteDb>(f);

public sealed class SharedKeyStorageTests_Postgres(DataFixture<PostgresDb> f) : SharedKeyStorageTests<PostgresDb>(f);

public sealed class SharedKeyStorageTests_MySql(DataFixture<MySqlDb> f) : SharedKeyStorageTests<MySqlDb>(f);
