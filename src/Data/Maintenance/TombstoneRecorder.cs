using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Maintenance;

/// <summary>
/// Writes the <see cref="ArtifactTombstone"/> rows for a workspace whose rows a CASCADE delete is about to
/// remove: one per experiment location, plus the runs and logged models whose roots lie outside their
/// experiment's location (those trees would not go with it). Runs inside the caller's transaction.
/// </summary>
internal static class TombstoneRecorder
{

    public static async Task RecordWorkspaceAsync(TrackingDbContext db, string workspace, long now, CancellationToken ct)
    {
        var experiments = await db.Experiments.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection)
            .Where(e => e.Workspace == workspace && e.ArtifactLocation != null && e.ArtifactLocation != "")
            .Select(e => new { e.ExperimentId, Uri = e.ArtifactLocation! })
            .ToListAsync(ct);
        // Rare in practice (locations are derived from the experiment's), so only these few rows are read;
        // a location ending in '/' makes its runs look "outside", which costs a redundant tombstone, never a lost one.
        var runs = await db.Runs.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection)
            .Where(r => r.Experiment!.Workspace == workspace && r.ArtifactUri != null && r.ArtifactUri != "")
            .Where(r => r.Experiment!.ArtifactLocation == null || r.Experiment.ArtifactLocation == ""
                || !r.ArtifactUri!.StartsWith(r.Experiment.ArtifactLocation + "/"))
            .Select(r => new { r.RunUuid, Uri = r.ArtifactUri! })
            .ToListAsync(ct);
        var models = await db.LoggedModels.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection)
            .Where(m => m.Experiment!.Workspace == workspace && m.ArtifactLocation != null && m.ArtifactLocation != "")
            .Where(m => m.Experiment!.ArtifactLocation == null || m.Experiment.ArtifactLocation == ""
                || !m.ArtifactLocation!.StartsWith(m.Experiment.ArtifactLocation + "/"))
            .Select(m => new { m.ModelId, Uri = m.ArtifactLocation! })
            .ToListAsync(ct);

        ArtifactTombstone Row(string type, string id, string uri) =>
            new() { Uri = uri, Workspace = workspace, EntityType = type, EntityId = id, DeletedTime = now };
        db.ArtifactTombstones.AddRange(experiments.Select(e => Row(ArtifactTombstone.ExperimentType, ExperimentIds.Format(e.ExperimentId), e.Uri)));
        db.ArtifactTombstones.AddRange(runs.Select(r => Row(ArtifactTombstone.RunType, r.RunUuid, r.Uri)));
        db.ArtifactTombstones.AddRange(models.Select(m => Row(ArtifactTombstone.LoggedModelType, m.ModelId, m.Uri)));
        await db.SaveChangesAsync(ct);
    }
}
