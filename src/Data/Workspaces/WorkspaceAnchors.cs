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
    /// <summary>A row for one workspace a provider named, if there is none yet (the resolver calls this, cached).</summary>
    public async Task EnsureAsync(WorkspaceInfo workspace, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await UpsertAsync(db, [workspace], refresh: false, ct);
    }

    /// <summary>
    /// Rows for <paramref name="workspaces"/>: missing ones added; with <paramref name="refresh"/> existing ones take the
    /// provider's description and artifact root (what <c>gc</c> reads). Another process adding the same row first is fine.
    /// </summary>
    public static async Task UpsertAsync(TrackingDbContext db, IReadOnlyList<WorkspaceInfo> workspaces, bool refresh, CancellationToken ct)
    {
        var names = workspaces.Select(w => w.Name).ToList();
        var rows = await db.Workspaces.AsTracking().Where(w => names.Contains(w.Name)).ToDictionaryAsync(w => w.Name, StringComparer.Ordinal, ct);
        foreach (var workspace in workspaces)
        {
            if (rows.TryGetValue(workspace.Name, out var row))
            {
                if (refresh)
                    (row.Description, row.DefaultArtifactRoot) = (workspace.Description, workspace.DefaultArtifactRoot);
                continue;
            }
            db.Workspaces.Add(new WorkspaceEntity { Name = workspace.Name, Description = workspace.Description, DefaultArtifactRoot = workspace.DefaultArtifactRoot });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            // Another request or replica anchored one of them first; the row is there, which is all that matters.
        }
    }
}
