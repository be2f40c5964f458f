using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data;

public sealed class SqliteTrackingDbContext(DbContextOptions<SqliteTrackingDbContext> options, WorkspaceContext workspace)
    : TrackingDbContext(options, workspace);
