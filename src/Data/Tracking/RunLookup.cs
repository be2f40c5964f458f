using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Tracking;

/// <summary>Finds runs of the current workspace for writes, through the cache on the hot path.</summary>
public sealed class RunLookup(IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, RunStateCache cache)
{
    public static Error NotFound(string runId) => Error.NotFound($"Run with id={runId} not found");

    public static Error NotActive(string runId, string stage) =>
        Error.InvalidParameter($"The run {runId} must be in the 'active' state. Current state is {stage}.");

    /// <summary>The run's state if it exists in this workspace and is active; otherwise MLflow's 404 or 400.</summary>
    public async Task<Result<RunState>> ActiveAsync(string runId, CancellationToken ct)
    {
        var state = cache.Get(workspace.Name, runId);
        if (state is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            state = await db.Runs.Where(r => r.RunUuid == runId)
                .Select(r => new RunState(r.RunUuid, r.ExperimentId, r.Experiment!.Workspace, r.LifecycleStage))
                .FirstOrDefaultAsync(ct);
            if (state is null)
                return NotFound(runId);
            cache.Put(state);
        }
        return state.LifecycleStage == Experiment.ActiveStage ? state : NotActive(runId, state.LifecycleStage);
    }
}
