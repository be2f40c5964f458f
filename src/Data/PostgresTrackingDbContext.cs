using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data;

public sealed class PostgresTrackingDbContext(DbContextOptions<PostgresTrackingDbContext> options, WorkspaceContext workspace)
    : TrackingDbContext(options, workspace);
