using System.Data.Common;
using Amazon.Runtime;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;

namespace Workspaces.Data.Maintenance;

/// <summary>
/// <c>gc</c>: permanently removes runs, logged models and experiments that were deleted long enough ago, with
/// their artifact trees, then the trees CASCADE workspace deletes left behind (<see cref="ArtifactTombstone"/>).
/// Everything is selected and checked first (<see cref="GcPlanner"/>); then, batch by batch, files go before
/// rows, so a crash leaves rows that the next gc finishes. Rows go with set-based deletes; their children
/// (params, tags, inputs …) follow through the same ON DELETE CASCADE keys a CASCADE workspace delete relies
/// on, except metric points, which have no key to cascade through and go in the same transaction
/// (<see cref="RunMetricsCleanup"/>).
/// </summary>
public sealed class GarbageCollector(StoreConnection store, IArtifactStoreFactory stores, ServerSettings settings, TimeProvider time)
{
    private const int BatchSize = 500;

    /// <summary>Runs gc, reporting each removal (MLflow's lines) and each kept or unreachable tree through <paramref name="report"/>.</summary>
    public async Task<Result<GcSummary>> RunAsync(GcRequest request, Action<GcMessage> report, CancellationToken ct)
    {
        try
        {
            await using var db = store.CreateContext(new WorkspaceContext());
            var planned = await GcPlanner.PlanAsync(db, request, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
            if (!planned.IsSuccess)
                return planned.Error;
            var plan = planned.Value;
            var guard = await ArtifactTreeGuard.LoadAsync(db, stores, settings, plan.Experiments.Select(e => e.ExperimentId).ToHashSet(), ct);
            // Decided up front: a run or model inside an experiment tree that goes needs no delete of its own.
            var experimentTrees = plan.Experiments.ToDictionary(e => e.ExperimentId, e => guard.Check(e.Uri, e.Id, idIsLastSegment: true));

            foreach (var batch in plan.Runs.Chunk(BatchSize))
            {
                foreach (var run in batch)
                    await DeleteTreeAsync(guard.Check(run.Uri, run.Id, idIsLastSegment: false), experimentTrees.GetValueOrDefault(run.ExperimentId),
                        $"run {run.Id}", run.Uri, report, ct);
                var ids = batch.Select(r => r.Id).ToList();
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    await RunMetricsCleanup.DeleteForRunsAsync(db, ids, ct);
                    await db.Runs.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection).Where(r => ids.Contains(r.RunUuid)).ExecuteDeleteAsync(ct);
                    await tx.CommitAsync(ct);
                }
                foreach (var run in batch)
                    report(new GcMessage($"Run with ID {run.Id} has been permanently deleted."));
            }
            foreach (var batch in plan.LoggedModels.Chunk(BatchSize))
            {
                foreach (var model in batch)
                    await DeleteTreeAsync(guard.Check(model.Uri, model.Id, idIsLastSegment: false), experimentTrees.GetValueOrDefault(model.ExperimentId),
                        $"logged model {model.Id}", model.Uri, report, ct);
                var ids = batch.Select(m => m.Id).ToList();
                await db.LoggedModels.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection).Where(m => ids.Contains(m.ModelId)).ExecuteDeleteAsync(ct);
                foreach (var model in batch)
                    report(new GcMessage($"Logged model with ID {model.Id} has been permanently deleted."));
            }
            foreach (var batch in plan.Experiments.Chunk(BatchSize))
            {
                // MLflow leaves the experiment's own folder behind; here it goes too (the guard made sure it is the experiment's).
                foreach (var experiment in batch)
                    await DeleteTreeAsync(experimentTrees[experiment.ExperimentId], null, $"experiment {experiment.Id}", experiment.Uri, report, ct);
                var ids = batch.Select(e => e.ExperimentId).ToList();
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    // Runs created in the experiment after the plan was made go with it too.
                    await RunMetricsCleanup.DeleteForExperimentsAsync(db, $"experiment_id IN ({RunMetricsCleanup.Placeholders(ids.Count)})",
                        ids.Cast<object>().ToList(), ct);
                    await db.Experiments.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection).Where(e => ids.Contains(e.ExperimentId)).ExecuteDeleteAsync(ct);
                    await tx.CommitAsync(ct);
                }
                foreach (var experiment in batch)
                    report(new GcMessage($"Experiment with ID {experiment.Id} has been permanently deleted."));
            }
            foreach (var batch in plan.Tombstones.Chunk(BatchSize))
            {
                foreach (var tombstone in batch)
                {
                    var what = $"{tombstone.EntityType.Replace('_', ' ')} {tombstone.EntityId} of deleted workspace '{tombstone.Workspace}'";
                    var check = guard.Check(tombstone.Uri, tombstone.EntityId, idIsLastSegment: tombstone.EntityType == ArtifactTombstone.ExperimentType);
                    if (await DeleteTreeAsync(check, null, what, tombstone.Uri, report, ct))
                        report(new GcMessage($"Artifacts of {what} at '{tombstone.Uri}' have been permanently deleted."));
                }
                var ids = batch.Select(t => t.Id).ToList();
                await db.ArtifactTombstones.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
            }
            RemoveEmptyWorkspaceFolders(plan.Tombstones.Select(t => t.Workspace).Distinct(StringComparer.Ordinal));
            return new GcSummary(plan.Runs.Count, plan.LoggedModels.Count, plan.Experiments.Count, plan.Tombstones.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AmazonServiceException or DbException)
        {
            // What was done stays done; what is left is still selected by the next gc.
            return new Error(ErrorCode.InternalError, $"gc stopped: {ex.Message}");
        }
    }

    /// <summary>
    /// A deleted workspace's folder under a local destination outlives its last tree: an empty one goes too. Never
    /// recursively, and only when empty, because a workspace recreated under the same name may be writing into it.
    /// S3 has no folders, so there is nothing to do there.
    /// </summary>
    private void RemoveEmptyWorkspaceFolders(IEnumerable<string> workspaces)
    {
        if (stores.Destination is not LocalArtifactStore local)
            return;
        foreach (var workspace in workspaces.Where(w => WorkspaceNameValidator.Validate(w) is null))
        {
            var folder = Path.Combine(local.Root, ArtifactPath.WorkspacesSegment, workspace);
            try
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                    Directory.Delete(folder, recursive: false);
            }
            catch (IOException)
            {
                // Something arrived in between: the folder is in use again and stays.
            }
        }
    }

    /// <summary>
    /// Applies a verdict; true when the tree was deleted (or already goes with <paramref name="enclosing"/>, the experiment's).
    /// </summary>
    private static async Task<bool> DeleteTreeAsync(TreeCheck check, TreeCheck? enclosing, string what, string? uri, Action<GcMessage> report,
        CancellationToken ct)
    {
        switch (check.Action)
        {
            case TreeAction.Delete:
                if (enclosing is { Action: TreeAction.Delete, Key: { } outer } && ArtifactTreeGuard.Contains(outer, check.Key!))
                    return true;
                await check.Store!.DeleteAsync("", ct);
                return true;
            case TreeAction.Keep:
                report(new GcMessage($"Artifacts of {what} at '{uri}' were kept: {check.Reason}.", IsWarning: true));
                return false;
            case TreeAction.Unsupported:
                // MLflow's two lines for an InvalidUrlException; the rows still go.
                report(new GcMessage($"An exception InvalidUrlException(\"No artifact store serves '{uri}'\") was raised during the deletion of a model artifact",
                    IsWarning: true));
                report(new GcMessage($"Unable to resolve the provided artifact URL: '{uri}'. The gc process will continue and bypass artifact deletion. "
                    + "Please ensure that the artifact exists and consider manually deleting any unused artifacts. ", IsWarning: true));
                return false;
            default:
                return false;
        }
    }
}
