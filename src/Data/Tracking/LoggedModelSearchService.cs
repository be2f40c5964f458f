using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Search;
using Workspaces.Data.Store;

namespace Workspaces.Data.Tracking;

/// <summary>logged-models/search: filter, datasets and order translated to SQL over the workspace's experiments.</summary>
public sealed class LoggedModelSearchService(IDbContextFactory<TrackingDbContext> dbFactory, StoreConnection store, Auth.AccessService accessService,
    ServerSettings settings)
{
    public const int DefaultMaxResults = 50;

    public async Task<Result<LoggedModelPage>> SearchAsync(LoggedModelSearchRequest request, CancellationToken ct)
    {
        var tooMuch = SearchLimits.ExperimentIds(request.ExperimentIds.Count) ?? SearchLimits.OrderBy(request.OrderBy.Count)
            ?? SearchLimits.DatasetFilters(request.Datasets.Count);
        if (tooMuch is not null)
            return tooMuch;
        var maxResults = SearchExecution.MaxResults(request.MaxResults, fallback: DefaultMaxResults);
        if (!maxResults.IsSuccess)
            return maxResults.Error;
        var clauses = LoggedModelFilter.Parse(request.Filter);
        if (!clauses.IsSuccess)
            return clauses.Error;
        var offset = ParseToken(request);
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
        var sql = new SqlText(store.Location.Provider);
        sql.Terms(clauses.Value.Count + request.Datasets.Count);
        var order = OrderTerms(sql, request.OrderBy);
        if (!order.IsSuccess)
            return order.Error;
        var datasets = DatasetCondition(sql, request.Datasets);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await accessService.ReadableExperimentsAsync(
            await db.Experiments.Where(e => ids.Contains(e.ExperimentId)).Select(e => e.ExperimentId).ToListAsync(ct), ct);
        if (visible.Count == 0)
            return new LoggedModelPage([], null);

        var where = new List<string> { sql.In("m.experiment_id", visible.Cast<object>()), "m.lifecycle_stage = 'active'" };
        foreach (var c in clauses.Value)
        {
            where.Add(c.Kind switch
            {
                ClauseKind.Metric => $"EXISTS (SELECT 1 FROM metrics x WHERE x.model_id = m.model_id AND x.\"key\" = {sql.Param(c.Key)} "
                    + $"AND {sql.Compare("x.value", c)}{(datasets is null ? "" : $" AND {datasets}")})",
                ClauseKind.Param => $"EXISTS (SELECT 1 FROM logged_model_params x WHERE x.model_id = m.model_id AND x.\"key\" = {sql.Param(c.Key)} AND {sql.Compare("x.value", c)})",
                ClauseKind.Tag => $"EXISTS (SELECT 1 FROM logged_model_tags x WHERE x.model_id = m.model_id AND x.\"key\" = {sql.Param(c.Key)} AND {sql.Compare("x.value", c)})",
                _ => sql.Compare($"m.{c.Key}", c),
            });
        }
        if (datasets is not null && !clauses.Value.Any(c => c.Kind == ClauseKind.Metric))
            where.Add($"EXISTS (SELECT 1 FROM metrics x WHERE x.model_id = m.model_id AND {datasets})");
        var text = $"SELECT m.model_id FROM logged_models m WHERE {string.Join(" AND ", where)} ORDER BY {string.Join(", ", order.Value)}"
            + sql.Limit(maxResults.Value + 1, offset.Value);
        var found = await SearchExecution.ColumnAsync<string>(db, sql, text, settings.SearchTimeout, ct);
        if (!found.IsSuccess)
            return found.Error;
        var modelIds = found.Value;
        var page = modelIds.Take(maxResults.Value).ToList();
        var models = await LoggedModelService.LoadAsync(db, page, ct);
        var next = modelIds.Count > maxResults.Value ? CreateToken(request, offset.Value + maxResults.Value) : null;
        return new LoggedModelPage(models, next);
    }

    private static string? DatasetCondition(SqlText sql, IReadOnlyList<LoggedModelDatasetFilter> datasets)
    {
        if (datasets.Count == 0)
            return null;
        var any = datasets.Select(d => d.DatasetDigest is null
            ? $"x.dataset_name = {sql.Param(d.DatasetName)}"
            : $"(x.dataset_name = {sql.Param(d.DatasetName)} AND x.dataset_digest = {sql.Param(d.DatasetDigest)})");
        return $"({string.Join(" OR ", any)})";
    }

    private static Result<List<string>> OrderTerms(SqlText sql, IReadOnlyList<LoggedModelOrder> orderBy)
    {
        var terms = new List<string>();
        var hasCreation = false;
        foreach (var o in orderBy)
        {
            var direction = o.Ascending ? "ASC" : "DESC";
            if (o.FieldName.StartsWith("metrics.", StringComparison.Ordinal))
            {
                var dataset = (o.DatasetName is null ? "" : $" AND x.dataset_name = {sql.Param(o.DatasetName)}")
                    + (o.DatasetDigest is null ? "" : $" AND x.dataset_digest = {sql.Param(o.DatasetDigest)}");
                var latest = $"(SELECT x.value FROM metrics x WHERE x.model_id = m.model_id AND x.\"key\" = {sql.Param(o.FieldName["metrics.".Length..])}{dataset} "
                    + "ORDER BY x.\"timestamp\" DESC, x.step DESC LIMIT 1)";
                terms.Add($"CASE WHEN {latest} IS NULL THEN 1 ELSE 0 END");
                terms.Add($"{latest} {direction}");
                continue;
            }
            if (o.FieldName.Contains('.', StringComparison.Ordinal))
                return Error.InvalidParameter($"Invalid order by field name: {o.FieldName}. Only metrics are supported.");
            var column = LoggedModelFilter.Alias(o.FieldName);
            if (!LoggedModelFilter.Attributes.Contains(column))
                return Error.InvalidParameter($"Invalid order by field name: {o.FieldName}");
            hasCreation |= column == "creation_timestamp_ms";
            terms.Add($"CASE WHEN m.{column} IS NULL THEN 1 ELSE 0 END");
            terms.Add($"m.{column} {direction}");
        }
        if (!hasCreation)
            terms.Add("m.creation_timestamp_ms DESC");
        terms.Add("m.model_id ASC");
        return terms;
    }

    private sealed record Token(List<string> ExperimentIds, string? FilterString, List<LoggedModelOrder> OrderBy, int Offset);

    private static string CreateToken(LoggedModelSearchRequest r, int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        JsonSerializer.Serialize(new Token([.. r.ExperimentIds], r.Filter, [.. r.OrderBy], offset))));

    /// <summary>A token only continues the same search: experiments, filter and order must match.</summary>
    private static Result<int> ParseToken(LoggedModelSearchRequest r)
    {
        if (string.IsNullOrEmpty(r.PageToken))
            return 0;
        Token? token;
        try
        {
            token = JsonSerializer.Deserialize<Token>(Encoding.UTF8.GetString(Convert.FromBase64String(r.PageToken)));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return Error.InvalidParameter($"Invalid page token: {r.PageToken}. {ex.Message}");
        }
        // A crafted token deserialises with missing lists as null (e.g. "e30=", {}): invalid, never a null dereference.
        if (token is null || token.Offset < 0 || token.ExperimentIds is null || token.OrderBy is null)
            return Error.InvalidParameter($"Invalid page token: {r.PageToken}.");
        if (!token.ExperimentIds.SequenceEqual(r.ExperimentIds))
        {
            return Error.InvalidParameter("Experiment IDs in the page token do not match the requested experiment IDs. "
                + $"Expected: [{string.Join(", ", r.ExperimentIds)}]. Found: [{string.Join(", ", token.ExperimentIds)}]");
        }
        if (token.FilterString != r.Filter)
            return Error.InvalidParameter($"Filter string in the page token does not match the requested filter string. Expected: {r.Filter}. Found: {token.FilterString}");
        if (!token.OrderBy.SequenceEqual(r.OrderBy))
            return Error.InvalidParameter("Order by in the page token does not match the requested order by.");
        return token.Offset;
    }
}
