using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracking;

/// <summary>A run that names another as its parent (the <c>mlflow.parentRunId</c> tag), as the run page lists it.</summary>
public sealed record ChildRunDto(string RunId, string? RunName, string Status, long StartTime, long? EndTime);

/// <summary>Reads for the run page that the MLflow API has no call for; like runs/get they need READ on the run.</summary>
public sealed class RunFamilyService(IDbContextFactory<TrackingDbContext> dbFactory, RunLookup lookup)
{
    public const string ParentTag = "mlflow.parentRunId";

    /// <summary>More children than this are left out; the page says so.</summary>
    public const int MaxChildren = 200;

    /// <summary>
    /// The active runs whose parent is <paramref name="runId"/>, newest first. They are looked for in the parent's
    /// experiment, where MLflow's nested runs are logged: the experiment's runs are found by index and each one's tag
    /// by its key, where a workspace-wide search by tag value would read every tag. Being in the parent's experiment,
    /// they are readable by whoever may read the parent.
    /// </summary>
    public async Task<Result<IReadOnlyList<ChildRunDto>>> ChildrenAsync(string runId, CancellationToken ct)
    {
        if (await lookup.AuthorizeAsync(runId, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experimentId = await db.Runs.Where(r => r.RunUuid == runId).Select(r => (long?)r.ExperimentId).FirstOrDefaultAsync(ct);
        if (experimentId is null)
            return NotFoundErrors.Run(runId);
        var children = await db.Runs
            .Where(r => r.ExperimentId == experimentId && r.LifecycleStage == Experiment.ActiveStage && r.RunUuid != runId
                && db.RunTags.Any(t => t.RunUuid == r.RunUuid && t.Key == ParentTag && t.Value == runId))
            .OrderByDescending(r => r.StartTime).ThenBy(r => r.RunUuid).Take(MaxChildren)
            .Select(r => new ChildRunDto(r.RunUuid, r.Name, r.Status, r.StartTime, r.EndTime))
            .ToListAsync(ct);
        return children;
    }
}
