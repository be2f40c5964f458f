using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Search;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Tracking;

public sealed record ExperimentSearchRequest(string? Filter, ViewType View, long? MaxResults, IReadOnlyList<string> OrderBy, string? PageToken)
{
    /// <summary>The UI's search box: names containing this text in any case, taken literally (no filter string to escape).</summary>
    public string? NameContains { get; init; }
}

/// <summary>experiments/search over the current workspace, translated to SQL.</summary>
public sealed class ExperimentSearchService(IDbContextFactory<TrackingDbContext> dbFactory, StoreConnection store, WorkspaceContext workspace,
    Auth.AccessService accessService, ServerSettings settings)
{
    public async Task<Result<ExperimentPage>> SearchAsync(ExperimentSearchRequest request, CancellationToken ct)
    {
        if (SearchLimits.OrderBy(request.OrderBy.Count) is { } tooMuch)
            return tooMuch;
        var maxResults = SearchExecution.MaxResults(request.MaxResults);
        if (!maxResults.IsSuccess)
            return maxResults.Error;
        var clauses = ExperimentFilter.Parse(request.Filter);
        if (!clauses.IsSuccess)
            return clauses.Error;
        var order = ExperimentFilter.ParseOrder(request.OrderBy);
        if (!order.IsSuccess)
            return order.Error;
        var offset = PageToken.ParseOffset(request.PageToken);
        if (!offset.IsSuccess)
            return offset.Error;

        var sql = new SqlText(store.Location.Provider);
        sql.Terms(clauses.Value.Count);
        var where = new List<string>
        {
            $"e.workspace = {sql.Param(workspace.Name)}",
            sql.In("e.lifecycle_stage", ViewTypes.Stages(request.View)),
        };
        foreach (var c in clauses.Value)
        {
            where.Add(c.Kind == ClauseKind.Tag
                ? $"EXISTS (SELECT 1 FROM experiment_tags x WHERE x.experiment_id = e.experiment_id AND x.\"key\" = {sql.Param(c.Key)} AND {sql.Compare("x.value", c)})"
                : sql.Compare($"e.{c.Key}", c));
        }
        if (!string.IsNullOrWhiteSpace(request.NameContains))
            where.Add(sql.ContainsIgnoringCase("e.name", request.NameContains.Trim()));
        // Only what the caller may read, inside the query, so pages and tokens stay exact.
        if (await accessService.ReadableConditionAsync("experiment_permissions", "experiment_id", ct) is { } readable)
            where.Add(readable(sql, "e.experiment_id"));
        var orderSql = string.Join(", ", order.Value.Select(o => $"e.{o.Column} {(o.Ascending ? "ASC" : "DESC")}"));
        var text = $"SELECT e.experiment_id FROM experiments e WHERE {string.Join(" AND ", where)} ORDER BY {orderSql}"
            + sql.Limit(maxResults.Value + 1, offset.Value);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await SearchExecution.ColumnAsync<long>(db, sql, text, settings.SearchTimeout, ct);
        if (!found.IsSuccess)
            return found.Error;
        var ids = found.Value;
        var page = ids.Take(maxResults.Value).ToList();
        var rows = await db.Experiments.Include(e => e.Tags).Where(e => page.Contains(e.ExperimentId)).ToDictionaryAsync(e => e.ExperimentId, ct);
        var experiments = page.Where(rows.ContainsKey).Select(id => ExperimentService.ToInfo(rows[id])).ToList();
        var next = ids.Count > maxResults.Value ? PageToken.Create(offset.Value + maxResults.Value) : null;
        return new ExperimentPage(experiments, next);
    }
    /// <summary>
    /// Active runs per experiment for the experiment list (issue 17), in one grouped query. Only the experiments of
    /// this workspace the caller may read are answered, an experiment without active runs as (0, null); any other id
    /// is left out, so that nothing about it is told.
    /// </summary>
    public async Task<Result<IReadOnlyDictionary<string, ExperimentRunStats>>> RunStatsAsync(IReadOnlyList<string> experimentIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = await RunSearchService.ReadableAsync(db, accessService, experimentIds, ct);
        if (!readable.IsSuccess)
            return readable.Error;
        var visible = readable.Value;
        if (visible.Count == 0)
            return new Dictionary<string, ExperimentRunStats>();
        var grouped = await db.Runs.Where(r => visible.Contains(r.ExperimentId) && r.LifecycleStage == Entities.Experiment.ActiveStage)
            .GroupBy(r => r.ExperimentId)
            .Select(g => new { ExperimentId = g.Key, Runs = g.LongCount(), LastRunStart = g.Max(r => r.StartTime) })
            .ToDictionaryAsync(g => g.ExperimentId, ct);
        return visible.ToDictionary(ExperimentIds.Format,
            id => grouped.TryGetValue(id, out var g) ? new ExperimentRunStats(g.Runs, g.LastRunStart) : new ExperimentRunStats(0, null));
    }
}
