using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Tracking;

/// <summary>
/// Assembles full runs (info, latest metrics, params, tags, inputs, outputs) for a set of ids with one
/// query per table, keeping the order of the ids. Every query passes the workspace filter.
/// </summary>
internal static class RunReader
{
    public static async Task<List<RunDto>> LoadAsync(TrackingDbContext db, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        // The runs query passes the workspace filter; the child rows are then read for exactly those runs,
        // so their own (join-heavy) filters would only repeat the same check.
        var runs = await db.Runs.Where(r => ids.Contains(r.RunUuid)).ToDictionaryAsync(r => r.RunUuid, ct);
        var visible = runs.Keys.ToList();
        var metrics = (await db.LatestMetrics.AcrossAllWorkspaces(CrossWorkspaceReason.ChildrenOfCheckedRuns).Where(m => visible.Contains(m.RunUuid)).ToListAsync(ct)).ToLookup(m => m.RunUuid);
        var parameters = (await db.Params.AcrossAllWorkspaces(CrossWorkspaceReason.ChildrenOfCheckedRuns).Where(p => visible.Contains(p.RunUuid)).ToListAsync(ct)).ToLookup(p => p.RunUuid);
        var tags = (await db.RunTags.AcrossAllWorkspaces(CrossWorkspaceReason.ChildrenOfCheckedRuns).Where(t => visible.Contains(t.RunUuid)).ToListAsync(ct)).ToLookup(t => t.RunUuid);
        var inputs = (await db.RunDatasetInputs.AcrossAllWorkspaces(CrossWorkspaceReason.ChildrenOfCheckedRuns).Where(i => visible.Contains(i.RunUuid)).Include(i => i.Dataset).Include(i => i.Tags)
            .ToListAsync(ct)).ToLookup(i => i.RunUuid);
        var links = (await db.RunModelLinks.AcrossAllWorkspaces(CrossWorkspaceReason.ChildrenOfCheckedRuns).Where(l => visible.Contains(l.RunUuid)).ToListAsync(ct)).ToLookup(l => l.RunUuid);

        var result = new List<RunDto>(ids.Count);
        foreach (var id in ids)
        {
            if (!runs.TryGetValue(id, out var run))
                continue;
            result.Add(new RunDto(
                ToInfo(run),
                metrics[id].OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => new MetricDto(m.Key, new StoredValue(m.Value, m.IsNan).ToDouble(), m.Timestamp, m.Step)).ToList(),
                parameters[id].OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValue(p.Key, p.Value)).ToList(),
                tags[id].OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)).ToList(),
                inputs[id].Select(i => new DatasetInputDto(
                    i.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)).ToList(),
                    new DatasetDto(i.Dataset!.Name, i.Dataset.Digest, i.Dataset.SourceType, i.Dataset.Source, i.Dataset.Schema, i.Dataset.Profile))).ToList(),
                links[id].Where(l => l.Direction == RunModelLink.Input).Select(l => new ModelIoDto(l.ModelId, null)).ToList(),
                links[id].Where(l => l.Direction == RunModelLink.Output).Select(l => new ModelIoDto(l.ModelId, l.Step)).ToList()));
        }
        return result;
    }

    public static RunInfoDto ToInfo(Run run) => new(
        run.RunUuid, run.Name, ExperimentIds.Format(run.ExperimentId), run.UserId, run.Status, run.StartTime, run.EndTime,
        run.ArtifactUri, run.LifecycleStage);
}
