using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Search;
using Workspaces.Data.Store;

namespace Workspaces.Data.Tracking;

public sealed record RunSearchRequest(IReadOnlyList<string> ExperimentIds, string? Filter, ViewType View, long? MaxResults,
    IReadOnlyList<string> OrderBy, string? PageToken);

/// <summary>
/// runs/search: the filter and order are translated to one SQL statement over the experiments of the
/// current workspace (foreign experiment ids are dropped before the query is built) that returns the page's
/// runs, then their data is read in one more round trip.
/// </summary>
public sealed class RunSearchService(IDbContextFactory<TrackingDbContext> dbFactory, StoreConnection store, Auth.AccessService accessService,
    ServerSettings settings)
{
    public async Task<Result<RunPage>> SearchAsync(RunSearchRequest request, CancellationToken ct)
    {
        if ((SearchLimits.ExperimentIds(request.ExperimentIds.Count) ?? SearchLimits.OrderBy(request.OrderBy.Count)) is { } tooMuch)
            return tooMuch;
        var maxResults = SearchExecution.MaxResults(request.MaxResults);
        if (!maxResults.IsSuccess)
            return maxResults.Error;
        var clauses = RunFilter.Parse(request.Filter);
        if (!clauses.IsSuccess)
            return clauses.Error;
        var order = OrderByParser.ParseRuns(request.OrderBy);
        if (!order.IsSuccess)
            return order.Error;
        var offset = PageToken.ParseOffset(request.PageToken);
        if (!offset.IsSuccess)
            return offset.Error;
        var ids = ParseIds(request.ExperimentIds);
        if (!ids.IsSuccess)
            return ids.Error;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await VisibleAsync(db, ids.Value, ct);
        if (visible.Count == 0)
            return new RunPage([], null);
        var sql = new SqlText(store.Location.Provider);
        sql.Terms(clauses.Value.Count + order.Value.Count);
        var text = RunSearchQuery.Build(sql, visible, ViewTypes.Stages(request.View), clauses.Value, order.Value, maxResults.Value, offset.Value);
        var found = await SearchExecution.RowsAsync(db, sql, text, RunSearchQuery.ReadRun, settings.SearchTimeout, ct);
        if (!found.IsSuccess)
            return found.Error;
        var runs = await RunReader.WithDataAsync(db, found.Value, ct);
        var next = found.Value.Count == maxResults.Value ? PageToken.Create(offset.Value + found.Value.Count) : null;
        return new RunPage(runs, next);
    }

    /// <summary>
    /// How many runs <see cref="SearchAsync"/> would page through for the same experiments, filter and view (order, page
    /// and size are ignored): one SQL COUNT with the search's conditions, for the UI's "1–50 of 125".
    /// </summary>
    public async Task<Result<long>> CountAsync(RunSearchRequest request, CancellationToken ct)
    {
        if (SearchLimits.ExperimentIds(request.ExperimentIds.Count) is { } tooMany)
            return tooMany;
        var clauses = RunFilter.Parse(request.Filter);
        if (!clauses.IsSuccess)
            return clauses.Error;
        var ids = ParseIds(request.ExperimentIds);
        if (!ids.IsSuccess)
            return ids.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await VisibleAsync(db, ids.Value, ct);
        if (visible.Count == 0)
            return 0L;
        var sql = new SqlText(store.Location.Provider);
        sql.Terms(clauses.Value.Count);
        var text = RunSearchQuery.Count(sql, visible, ViewTypes.Stages(request.View), clauses.Value);
        var found = await SearchExecution.ColumnAsync<long>(db, sql, text, settings.SearchTimeout, ct);
        if (!found.IsSuccess)
            return found.Error;
        return found.Value[0];
    }

    internal static Result<List<long>> ParseIds(IReadOnlyList<string> experimentIds)
    {
        var ids = new List<long>();
        foreach (var id in experimentIds)
        {
            var parsed = ExperimentIds.Parse(id);
            if (!parsed.IsSuccess)
                return parsed.Error;
            ids.Add(parsed.Value);
        }
        return ids;
    }

    /// <summary>The workspace filter decides which of the requested experiments exist here, the caller's grants which are readable.</summary>
    internal static async Task<List<long>> VisibleAsync(TrackingDbContext db, Auth.AccessService accessService, List<long> ids, CancellationToken ct) =>
        await accessService.ReadableExperimentsAsync(
            await db.Experiments.Where(e => ids.Contains(e.ExperimentId)).Select(e => e.ExperimentId).ToListAsync(ct), ct);

    private Task<List<long>> VisibleAsync(TrackingDbContext db, List<long> ids, CancellationToken ct) => VisibleAsync(db, accessService, ids, ct);

    /// <summary>
    /// The experiments a UI read names, checked as the search checks them (how many, their format) and narrowed to those
    /// of this workspace the caller may read: the shared start of the runs table's side queries (keys, counts per experiment).
    /// </summary>
    internal static async Task<Result<List<long>>> ReadableAsync(TrackingDbContext db, Auth.AccessService accessService, IReadOnlyList<string> experimentIds,
        CancellationToken ct)
    {
        if (SearchLimits.ExperimentIds(experimentIds.Count) is { } tooMany)
            return tooMany;
        var ids = ParseIds(experimentIds);
        return ids.IsSuccess ? await VisibleAsync(db, accessService, ids.Value, ct) : ids.Error;
    }
}
