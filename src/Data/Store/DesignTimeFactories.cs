using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Store;

/// <summary>Used by <c>dotnet ef</c> only: migrations are generated without a live database.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTrackingDbContext>
{
    public SqliteTrackingDbContext CreateDbContext(string[] args) =>
        new(StoreConnection.Configure(new DbContextOptionsBuilder<SqliteTrackingDbContext>().UseSqlite("Data Source=design-time.db")).Options,
            new WorkspaceContext());
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTrackingDbContext>
{
    public PostgresTrackingDbContext CreateDbContext(string[] args) =>
        new(StoreConnection.Configure(new DbContextOptionsBuilder<PostgresTrackingDbContext>().UseNpgsql("Host=localhost;Database=design_time")).Options,
            new WorkspaceContext());
}

public sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlTrackingDbContext>
{
    public MySqlTrackingDbContext CreateDbContext(string[] args) =>
        new(StoreConnection.Configure(new DbContextOptionsBuilder<MySqlTrackingDbContext>().UseMySQL("Server=localhost;Database=design_time")).Options,
            new WorkspaceContext());
}
