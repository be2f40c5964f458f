using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Store;

/// <summary>
/// Scoped factory: each context it creates filters by the scope's <see cref="WorkspaceContext"/>.
/// Blazor circuits and API requests both take a short-lived context per operation from it.
/// </summary>
public sealed class TrackingDbContextFactory(StoreConnection store, WorkspaceContext workspace) : IDbContextFactory<TrackingDbContext>
{
    public TrackingDbContext CreateDbContext() => store.CreateContext(workspace);
}
