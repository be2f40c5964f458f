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
/// current workspace (foreign experiment ids are dropped before the query is built), then the page's
/// runs are loaded in full.
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
        var ids = new List<long>();
        foreach (var id in request.ExperimentIds)
        {
            var parsed = ExperimentIds.Parse(id);
            if (!parsed.IsSuccess)
                return parsed.Error;
            ids.Add(parsed.Value);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The workspace filter decides which of the requested experiments exist here.
        var visible = await accessService.ReadableExperimentsAsync(
            await db.Experiments.Where(e => ids.Contains(e.ExperimentId)).Select(e => e.ExperimentId).ToListAsync(ct), ct);
        if (visible.Count == 0)
            return new RunPage([], null);
        var sql = new SqlText(store.Location.Provider);
        sql.Terms(clauses.Value.Count + order.Value.Count);
        var text = RunSearchQuery.Build(sql, visible, ViewTypes.Stages(request.View), clauses.Value, order.Value, maxResults.Value, offset.Value);
        var found = await SearchExecution.ColumnAsync<string>(db, sql, text, settings.SearchTimeout, ct);
        if (!found.IsSuccess)
            return found.Error;
        var runIds = found.Value;
        var runs = await RunReader.LoadAsync(db, runIds, ct);
        var next = runIds.Count == maxResults.Value ? PageToken.Create(offset.Value + runIds.Count) : null;
        return new RunPage(runs, next);
    }
}
