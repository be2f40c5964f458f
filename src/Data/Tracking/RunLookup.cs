using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Tracking;

/// <summary>
/// Finds runs of the current workspace for writes, through the cache on the hot path, and decides the caller's right
/// to them from the same cached row: a log-batch resolves its run once, for authorization and for the write.
/// </summary>
public sealed class RunLookup(IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, RunStateCache cache, Authorizer authz)
{
    public static Error NotActive(string runId, string stage) =>
        Error.InvalidParameter($"The run {runId} must be in the 'active' state. Current state is {stage}.");

    /// <summary>
    /// Null when the caller may act on the run at <paramref name="level"/>, or when it does not exist (the operation
    /// answers its own 404); otherwise the hidden 404 or the 403 of <see cref="Authorizer"/>.
    /// </summary>
    public async Task<Error?> AuthorizeAsync(string runId, AccessLevel level, CancellationToken ct)
    {
        if (!authz.IsRestricted)
            return null;
        var state = await FindAsync(runId, ct);
        return state is null ? null : await authz.RunAsync(state, level, ct);
    }

    /// <summary>The run's state if it exists in this workspace and is active; otherwise MLflow's 404 or 400.</summary>
    public async Task<Result<RunState>> ActiveAsync(string runId, CancellationToken ct)
    {
        var state = await FindAsync(runId, ct);
        if (state is null)
            return NotFoundErrors.Run(runId);
        return state.LifecycleStage == Experiment.ActiveStage ? state : NotActive(runId, state.LifecycleStage);
    }

    private async Task<RunState?> FindAsync(string runId, CancellationToken ct)
    {
        var state = cache.Get(workspace.Name, runId);
        if (state is not null)
            return state;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        state = await db.Runs.Where(r => r.RunUuid == runId)
            .Select(r => new RunState(r.RunUuid, r.ExperimentId, r.Experiment!.Workspace, r.LifecycleStage))
            .FirstOrDefaultAsync(ct);
        if (state is not null)
            cache.Put(state);
        return state;
    }
}
