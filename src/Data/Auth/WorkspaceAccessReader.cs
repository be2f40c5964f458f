using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>An explicit grant on one experiment or registered model of the current workspace.</summary>
public sealed record ResourceGrant(string Username, string Kind, string ResourceId, string ResourceName, string Permission);

/// <summary>Who last set a user's workspace grant, from the audit log.</summary>
public sealed record GrantOrigin(string Actor, long Timestamp);

/// <summary>Reads for the permission page: resource grants of the workspace and who granted what.</summary>
public sealed class WorkspaceAccessReader(IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace)
{
    public async Task<IReadOnlyList<ResourceGrant>> ResourceGrantsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Both grant tables are workspace children: their query filters keep the lists inside the current workspace.
        var experiments = await db.ExperimentPermissions
            .Select(p => new { p.User!.Username, p.ExperimentId, p.Experiment!.Name, p.Permission }).ToListAsync(ct);
        var models = await db.RegisteredModelPermissions
            .Select(p => new { p.User!.Username, p.Model!.Name, p.Permission }).ToListAsync(ct);
        return experiments.Select(e => new ResourceGrant(e.Username, "experiment", ExperimentIds.Format(e.ExperimentId), e.Name, e.Permission))
            .Concat(models.Select(m => new ResourceGrant(m.Username, "registered model", m.Name, m.Name, m.Permission)))
            .OrderBy(g => g.Username, StringComparer.Ordinal).ThenBy(g => g.Kind, StringComparer.Ordinal).ThenBy(g => g.ResourceName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The latest workspace-grant change per user of the current workspace.</summary>
    public async Task<IReadOnlyDictionary<string, GrantOrigin>> GrantOriginsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = workspace.Name;
        var events = await db.AuditEvents.Where(a => a.Workspace == name && a.Action == "grant.workspace.set")
            .Select(a => new { a.Target, a.Actor, a.Timestamp, a.Id }).ToListAsync(ct);
        return events.GroupBy(e => e.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id) is { } last ? new GrantOrigin(last.Actor, last.Timestamp) : null!, StringComparer.Ordinal);
    }
}
