using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracing;

namespace Workspaces.Data;

public sealed class PostgresTrackingDbContext(DbContextOptions<PostgresTrackingDbContext> options, WorkspaceContext workspace)
    : TrackingDbContext(options, workspace)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        TraceDbFunctions.Register(modelBuilder, DatabaseProvider.Postgres);
    }
}
