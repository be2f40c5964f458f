using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Store;

/// <summary>
/// The configured database: its location and the EF options built once for it (EF caches its
/// internal services per options instance, so building them per context would be wasteful).
/// </summary>
public sealed class StoreConnection
{
    private readonly DbContextOptions _options;

    public StoreConnection(StoreLocation location)
    {
        Location = location;
        _options = location.Provider switch
        {
            DatabaseProvider.Sqlite => Configure(new DbContextOptionsBuilder<SqliteTrackingDbContext>()
                .UseSqlite(location.ConnectionString).AddInterceptors(new SqliteConnectionSetup())).Options,
            DatabaseProvider.Postgres => Configure(new DbContextOptionsBuilder<PostgresTrackingDbContext>()
                .UseNpgsql(location.ConnectionString)).Options,
            DatabaseProvider.MySql => Configure(new DbContextOptionsBuilder<MySqlTrackingDbContext>()
                .UseMySQL(location.ConnectionString).AddInterceptors(MySqlMigrationLock.Instance, MySqlDmlRewriter.Instance, MySqlTransactions.Instance)).Options,
            _ => throw new ArgumentOutOfRangeException(nameof(location)),
        };
    }

    public StoreLocation Location { get; }

    public TrackingDbContext CreateContext(WorkspaceContext workspace) => Location.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteTrackingDbContext((DbContextOptions<SqliteTrackingDbContext>)_options, workspace),
        DatabaseProvider.MySql => new MySqlTrackingDbContext((DbContextOptions<MySqlTrackingDbContext>)_options, workspace),
        _ => new PostgresTrackingDbContext((DbContextOptions<PostgresTrackingDbContext>)_options, workspace),
    };

    internal static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> builder)
        where T : DbContext =>
        builder.UseSnakeCaseNamingConvention()
            // One stored-text rule on every database (StoredText): checked before any statement is sent.
            .AddInterceptors(StoredTextSaveGuard.Instance, StoredTextCommandGuard.Instance)
            // Reads dominate; services that change rows opt in with AsTracking().
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
}
