using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Maintenance;

/// <summary>An entity gc removes: its id, its artifact root and, for runs and models, its experiment.</summary>
internal sealed record GcItem(string Id, string? Uri, long ExperimentId);

internal sealed record GcPlan(IReadOnlyList<GcItem> Runs, IReadOnlyList<GcItem> LoggedModels, IReadOnlyList<GcItem> Experiments,
    IReadOnlyList<ArtifactTombstone> Tombstones);

/// <summary>
/// Selects what gc removes and checks explicit ids with MLflow's messages, all before anything is deleted:
/// MLflow checks run by run while deleting and can stop half way; a bad id here changes nothing.
/// </summary>
internal static class GcPlanner
{
    private const string Deleted = Experiment.DeletedStage;

    public static async Task<Result<GcPlan>> PlanAsync(TrackingDbContext db, GcRequest request, long now, CancellationToken ct)
    {
        var threshold = now - request.OlderThanMs;
        var ws = request.Workspace;
        if (ws is not null && !await db.Workspaces.AnyAsync(w => w.Name == ws, ct) && !await db.ArtifactTombstones.AnyAsync(t => t.Workspace == ws, ct))
            return Error.WorkspaceNotFound(ws);

        var experiments = await ExperimentsAsync(db, request, threshold, ct);
        if (!experiments.IsSuccess)
            return experiments.Error;
        var doomed = experiments.Value.Select(e => e.ExperimentId).ToList();

        var runs = await RunsAsync(db, request, threshold, doomed, ct);
        if (!runs.IsSuccess)
            return runs.Error;
        var models = await LoggedModelsAsync(db, request, threshold, doomed, ct);
        if (!models.IsSuccess)
            return models.Error;

        List<ArtifactTombstone> tombstones = [];
        if (!request.HasExplicitIds)
        {
            tombstones = await db.ArtifactTombstones.Where(t => t.DeletedTime <= threshold && (ws == null || t.Workspace == ws))
                .OrderBy(t => t.Id).ToListAsync(ct);
        }
        return new GcPlan(runs.Value, models.Value, experiments.Value, tombstones);
    }

    private static async Task<Result<List<GcItem>>> ExperimentsAsync(TrackingDbContext db, GcRequest request, long threshold, CancellationToken ct)
    {
        var all = db.Experiments.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection);
        if (request.Workspace is { } ws)
            all = all.Where(e => e.Workspace == ws);
        if (request.ExperimentIds is null)
        {
            if (request.HasExplicitIds)
                return new List<GcItem>();
            var swept = all.Where(e => e.LifecycleStage == Deleted);
            if (request.ChecksAge)
                swept = swept.Where(e => e.LastUpdateTime != null && e.LastUpdateTime <= threshold);
            return await swept.OrderBy(e => e.ExperimentId)
                .Select(e => new GcItem(ExperimentIds.Format(e.ExperimentId), e.ArtifactLocation, e.ExperimentId)).ToListAsync(ct);
        }

        var wanted = new List<(string Given, long Id)>();
        foreach (var given in request.ExperimentIds)
        {
            var parsed = ExperimentIds.Parse(given);
            if (!parsed.IsSuccess)
                return parsed.Error;
            wanted.Add((given, parsed.Value));
        }
        var ids = wanted.Select(w => w.Id).Distinct().ToList();
        var rows = await all.Where(e => ids.Contains(e.ExperimentId))
            .Select(e => new { e.ExperimentId, e.ArtifactLocation, e.LifecycleStage, e.LastUpdateTime }).ToDictionaryAsync(e => e.ExperimentId, ct);
        if (wanted.FirstOrDefault(w => !rows.ContainsKey(w.Id)) is { Given: not null } missing)
            return ExperimentIds.NotFound(missing.Given);
        var active = ids.Where(id => rows[id].LifecycleStage != Deleted).ToList();
        if (active.Count > 0)
        {
            return Error.InvalidParameter($"Experiments {PythonList(active)} are not in the deleted lifecycle stage. "
                + "Only experiments in the deleted lifecycle stage can be hard-deleted.");
        }
        var young = ids.Where(id => rows[id].LastUpdateTime is not { } t || t > threshold).ToList();
        if (request.ChecksAge && young.Count > 0)
        {
            return Error.InvalidParameter($"Experiments {PythonList(young)} are not older than the required age. "
                + $"Only experiments older than {request.OlderThan} can be deleted.");
        }
        return ids.Select(id => new GcItem(ExperimentIds.Format(id), rows[id].ArtifactLocation, id)).ToList();
    }

    /// <summary>Explicit or aged deleted runs, plus every run of a doomed experiment (whatever its stage or age).</summary>
    private static async Task<Result<List<GcItem>>> RunsAsync(TrackingDbContext db, GcRequest request, long threshold, List<long> doomed,
        CancellationToken ct)
    {
        var all = db.Runs.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection);
        if (request.Workspace is { } ws)
            all = all.Where(r => r.Experiment!.Workspace == ws);
        var items = new List<GcItem>();
        if (request.RunIds is { } given)
        {
            var ids = given.Distinct().ToList();
            var rows = await all.Where(r => ids.Contains(r.RunUuid))
                .Select(r => new { r.RunUuid, r.ArtifactUri, r.ExperimentId, r.LifecycleStage, r.DeletedTime }).ToDictionaryAsync(r => r.RunUuid, ct);
            foreach (var id in ids)
            {
                if (!rows.TryGetValue(id, out var run))
                    return NotFoundErrors.Run(id);
                if (run.LifecycleStage != Deleted)
                {
                    return Error.InvalidParameter($"Run {id} is not in `deleted` lifecycle stage. Only runs in `deleted` lifecycle stage can be deleted.");
                }
                if (request.ChecksAge && (run.DeletedTime is not { } t || t > threshold))
                {
                    return Error.InvalidParameter($"Run {id} is not older than the required age. "
                        + $"Only runs older than {request.OlderThan} can be deleted.");
                }
                items.Add(new GcItem(id, run.ArtifactUri, run.ExperimentId));
            }
        }
        else if (!request.HasExplicitIds)
        {
            items = await all.Where(r => r.LifecycleStage == Deleted && r.DeletedTime != null && r.DeletedTime <= threshold)
                .OrderBy(r => r.RunUuid).Select(r => new GcItem(r.RunUuid, r.ArtifactUri, r.ExperimentId)).ToListAsync(ct);
        }
        if (doomed.Count > 0)
        {
            var seen = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var contained = await all.Where(r => doomed.Contains(r.ExperimentId)).OrderBy(r => r.RunUuid)
                .Select(r => new GcItem(r.RunUuid, r.ArtifactUri, r.ExperimentId)).ToListAsync(ct);
            items.AddRange(contained.Where(r => seen.Add(r.Id)));
        }
        return items;
    }

    /// <summary>Explicit or aged deleted logged models, plus every model of a doomed experiment.</summary>
    private static async Task<Result<List<GcItem>>> LoggedModelsAsync(TrackingDbContext db, GcRequest request, long threshold, List<long> doomed,
        CancellationToken ct)
    {
        var all = db.LoggedModels.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection);
        if (request.Workspace is { } ws)
            all = all.Where(m => m.Experiment!.Workspace == ws);
        var items = new List<GcItem>();
        if (request.LoggedModelIds is { } given)
        {
            var ids = given.Distinct().ToList();
            var rows = await all.Where(m => ids.Contains(m.ModelId))
                .Select(m => new { m.ModelId, m.ArtifactLocation, m.ExperimentId, m.LifecycleStage, m.LastUpdatedTimestampMs })
                .ToDictionaryAsync(m => m.ModelId, ct);
            foreach (var id in ids)
            {
                if (!rows.TryGetValue(id, out var model))
                    return NotFoundErrors.LoggedModel(id);
                if (model.LifecycleStage != Deleted)
                {
                    return Error.InvalidParameter($"Logged model {id} is not in `deleted` lifecycle stage. "
                        + "Only logged models in `deleted` lifecycle stage can be deleted.");
                }
                if (request.ChecksAge && model.LastUpdatedTimestampMs > threshold)
                {
                    return Error.InvalidParameter($"Logged model {id} is not older than the required age. "
                        + $"Only logged models older than {request.OlderThan} can be deleted.");
                }
                items.Add(new GcItem(id, model.ArtifactLocation, model.ExperimentId));
            }
        }
        else if (!request.HasExplicitIds)
        {
            items = await all.Where(m => m.LifecycleStage == Deleted && m.LastUpdatedTimestampMs <= threshold)
                .OrderBy(m => m.ModelId).Select(m => new GcItem(m.ModelId, m.ArtifactLocation, m.ExperimentId)).ToListAsync(ct);
        }
        if (doomed.Count > 0)
        {
            var seen = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var contained = await all.Where(m => doomed.Contains(m.ExperimentId)).OrderBy(m => m.ModelId)
                .Select(m => new GcItem(m.ModelId, m.ArtifactLocation, m.ExperimentId)).ToListAsync(ct);
            items.AddRange(contained.Where(m => seen.Add(m.Id)));
        }
        return items;
    }

    /// <summary>How Python prints a list of id strings: <c>['1', '2']</c>.</summary>
    private static string PythonList(IEnumerable<long> ids) => "[" + string.Join(", ", ids.Select(id => $"'{ExperimentIds.Format(id)}'")) + "]";
}
