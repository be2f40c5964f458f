using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// Keeps a row in the backend store's <c>workspaces</c> table for every workspace a provider names, so resources keep
/// their foreign key to it whatever the provider (the SQL provider's own rows are these rows). Rows are never deleted
/// here: a workspace a provider stops listing keeps its resources until it comes back or is deleted through the SQL
/// catalog.
/// </summary>
public sealed class WorkspaceAnchors(IDbContextFactory<TrackingDbContext> dbFactory)
{
    public async Task EnsureAsync(WorkspaceInfo workspace, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Workspaces.AnyAsync(w => w.Name == workspace.Name, ct))
            return;
        db.Workspaces.Add(new WorkspaceEntity { Name = workspace.Name, Description = workspace.Description, DefaultArtifactRoot = workspace.DefaultArtifactRoot });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            // Another request anchored it first.
        }
    }
}
