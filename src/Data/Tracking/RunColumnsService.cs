using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracking;

/// <summary>The metric, param and tag keys logged anywhere in some experiments, each list in ordinal order.</summary>
public sealed record RunColumnKeys(IReadOnlyList<string> Metrics, IReadOnlyList<string> Params, IReadOnlyList<string> Tags)
{
    public static RunColumnKeys None { get; } = new([], [], []);
}

/// <summary>
/// The columns a runs table can offer: every key of the experiments' runs, not only of the runs on screen, so a key
/// logged by one old run is a column (and a sort) from the first page. One SELECT DISTINCT per kind; the workspace
/// query filters and the caller's experiment grants decide what is visible, as for runs/search.
/// </summary>
public sealed class RunColumnsService(IDbContextFactory<TrackingDbContext> dbFactory, Auth.AccessService accessService)
{
    /// <summary>Per kind: a table cannot show more columns usefully, and the chooser lists them all.</summary>
    public const int MaxKeysPerKind = 1000;

    /// <summary>Keys of the runs of <paramref name="experimentIds"/> in <paramref name="view"/>; system tags (mlflow.*) are left out.</summary>
    public async Task<Result<RunColumnKeys>> KeysAsync(IReadOnlyList<string> experimentIds, ViewType view, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Unknown, foreign and unreadable experiments contribute nothing, as they contribute no runs to the search.
        var readable = await RunSearchService.ReadableAsync(db, accessService, experimentIds, ct);
        if (!readable.IsSuccess)
            return readable.Error;
        var visible = readable.Value;
        if (visible.Count == 0)
            return RunColumnKeys.None;
        var stages = ViewTypes.Stages(view);
        var runs = db.Runs.Where(r => visible.Contains(r.ExperimentId) && stages.Contains(r.LifecycleStage)).Select(r => r.RunUuid);
        var metrics = await Distinct(db.LatestMetrics.Where(m => runs.Contains(m.RunUuid)).Select(m => m.Key), ct);
        var parameters = await Distinct(db.Params.Where(p => runs.Contains(p.RunUuid)).Select(p => p.Key), ct);
        // The system namespace is excluded in SQL so that it cannot use up the cap.
        var tags = await Distinct(db.RunTags.Where(t => runs.Contains(t.RunUuid) && !t.Key.StartsWith(SystemTags.Prefix)).Select(t => t.Key), ct);
        return new RunColumnKeys(metrics, parameters, tags.Where(k => !SystemTags.IsSystem(k)).ToList());
    }

    /// <summary>Sorted again here: a PostgreSQL database collation orders by locale, the table wants ordinal order.</summary>
    private static async Task<List<string>> Distinct(IQueryable<string> keys, CancellationToken ct)
    {
        var found = await keys.Distinct().OrderBy(k => k).Take(MaxKeysPerKind).ToListAsync(ct);
        return [.. found.Order(StringComparer.Ordinal)];
    }
}
