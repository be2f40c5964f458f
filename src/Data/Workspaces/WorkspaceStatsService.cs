using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Workspaces;

/// <summary>What a workspace holds: shown in the workspace list and before a delete.</summary>
public sealed record WorkspaceStats(int Experiments, int Runs, int Models, int Prompts, int Members)
{
    public static readonly WorkspaceStats Empty = new(0, 0, 0, 0, 0);

    public bool IsEmpty => Experiments == 0 && Models == 0 && Prompts == 0;
}

/// <summary>
/// Counts per workspace, across workspaces (the query filter is lifted on purpose, in the named all-workspaces mode).
/// Only workspaces the caller may see are counted, whatever names the caller passes; a handful of grouped queries, not
/// one per workspace.
/// </summary>
public sealed class WorkspaceStatsService(StoreConnection store, Auth.AccessService access)
{
    public async Task<IReadOnlyDictionary<string, WorkspaceStats>> GetAsync(IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var visible = await access.VisibleWorkspacesAsync(ct);
        var list = names.Distinct(StringComparer.Ordinal).Where(visible).ToList();
        await using var db = store.CreateContext(new WorkspaceContext());
        // Deleted experiments and runs still block a RESTRICT delete, so they count.
        var experiments = await db.Experiments.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceStats).Where(e => list.Contains(e.Workspace))
            .GroupBy(e => e.Workspace).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var runs = await db.Runs.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceStats).Where(r => list.Contains(r.Experiment!.Workspace))
            .GroupBy(r => r.Experiment!.Workspace).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var models = await db.RegisteredModels.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceStats).Where(m => list.Contains(m.Workspace))
            .GroupBy(m => m.Workspace).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var prompts = await db.RegisteredModels.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceStats).Where(m => list.Contains(m.Workspace))
            .Where(RegisteredModel.IsPrompt)
            .GroupBy(m => m.Workspace).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var members = await db.WorkspacePermissions.Where(p => list.Contains(p.Workspace))
            .GroupBy(p => p.Workspace).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return list.ToDictionary(name => name, name => new WorkspaceStats(
            experiments.GetValueOrDefault(name),
            runs.GetValueOrDefault(name),
            models.GetValueOrDefault(name) - prompts.GetValueOrDefault(name),
            prompts.GetValueOrDefault(name),
            members.GetValueOrDefault(name)), StringComparer.Ordinal);
    }
}
