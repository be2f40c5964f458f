using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Search;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Registry;

/// <summary>registered-models/search and model-versions/search over the current workspace, in SQL.</summary>
public sealed class RegistrySearchService(IDbContextFactory<TrackingDbContext> dbFactory, StoreConnection store, WorkspaceContext workspace,
    Auth.AccessService accessService, ServerSettings settings)
{
    private static readonly Dictionary<string, string> ModelOrder = new(StringComparer.Ordinal)
    {
        ["name"] = "m.name", ["timestamp"] = "m.last_updated_timestamp", ["last_updated_timestamp"] = "m.last_updated_timestamp",
        ["creation_timestamp"] = "m.creation_timestamp",
    };

    private static readonly Dictionary<string, string> VersionOrder = new(StringComparer.Ordinal)
    {
        ["name"] = "m.name", ["version_number"] = "v.version", ["creation_timestamp"] = "v.creation_timestamp",
        ["last_updated_timestamp"] = "v.last_updated_timestamp",
    };

    public Task<Result<RegisteredModelPage>> SearchModelsAsync(string? filter, long? maxResults, IReadOnlyList<string> orderBy, string? pageToken,
        CancellationToken ct) =>
        ModelsAsync(RegistryFilter.ParseModels(filter), null, maxResults, orderBy, pageToken, ct);

    /// <summary>
    /// The UI's search boxes: registered models, or with <paramref name="prompts"/> prompts, whose name contains
    /// <paramref name="nameContains"/> in any case, taken literally (no filter string for the caller to build or escape).
    /// </summary>
    public Task<Result<RegisteredModelPage>> SearchModelsByNameAsync(string? nameContains, bool prompts, long? maxResults, IReadOnlyList<string> orderBy,
        string? pageToken, CancellationToken ct) =>
        ModelsAsync(new RegistryFilter.Parsed([], prompts), string.IsNullOrWhiteSpace(nameContains) ? null : nameContains.Trim(), maxResults, orderBy, pageToken, ct);

    private async Task<Result<RegisteredModelPage>> ModelsAsync(Result<RegistryFilter.Parsed> parsed, string? nameContains, long? maxResults,
        IReadOnlyList<string> orderBy, string? pageToken, CancellationToken ct)
    {
        var max = Limit(maxResults, fallback: 100, threshold: 1000);
        var order = Order(orderBy, ModelOrder, defaults: [], tiebreaks: [("m.name", true)]);
        var offset = PageToken.ParseOffset(pageToken);
        if (FirstError(SearchLimits.OrderBy(orderBy.Count), max.Error, parsed.Error, order.Error, offset.Error) is { } error)
            return error;
        var sql = new SqlText(store.Location.Provider);
        sql.Terms(parsed.Value.Clauses.Count);
        var where = new List<string> { $"m.workspace = {sql.Param(workspace.Name)}", PromptCondition(sql, parsed.Value.PromptsOnly, "registered_model_tags", "x.registered_model_id = m.id") };
        where.AddRange(parsed.Value.Clauses.Select(c => c.Kind == ClauseKind.Tag
            ? $"EXISTS (SELECT 1 FROM registered_model_tags x WHERE x.registered_model_id = m.id AND x.\"key\" = {sql.Param(c.Key)} AND {sql.Compare("x.value", c)})"
            : sql.Compare("m.name", c)));
        if (nameContains is not null)
            where.Add(sql.ContainsIgnoringCase("m.name", nameContains));
        if (await accessService.ReadableConditionAsync("registered_model_permissions", "registered_model_id", ct) is { } readable)
            where.Add(readable(sql, "m.id"));
        var text = $"SELECT m.id FROM registered_models m WHERE {string.Join(" AND ", where)} ORDER BY {order.Value}" + sql.Limit(max.Value + 1, offset.Value);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await SearchExecution.ColumnAsync<long>(db, sql, text, settings.SearchTimeout, ct);
        if (!found.IsSuccess)
            return found.Error;
        var ids = found.Value;
        var models = await RegistryReader.LoadModelsAsync(db, ids.Take(max.Value).ToList(), ct);
        return new RegisteredModelPage(models, ids.Count > max.Value ? PageToken.Create(offset.Value + max.Value) : null);
    }

    public async Task<Result<ModelVersionPage>> SearchVersionsAsync(string? filter, long? maxResults, IReadOnlyList<string> orderBy, string? pageToken,
        CancellationToken ct)
    {
        var max = Limit(maxResults, fallback: 1000, threshold: 200_000);
        var parsed = RegistryFilter.ParseVersions(filter);
        var order = Order(orderBy, VersionOrder, defaults: [("v.last_updated_timestamp", false)], tiebreaks: [("m.name", true), ("v.version", false)]);
        var offset = PageToken.ParseOffset(pageToken);
        if (FirstError(SearchLimits.OrderBy(orderBy.Count), max.Error, parsed.Error, order.Error, offset.Error) is { } error)
            return error;
        var sql = new SqlText(store.Location.Provider);
        sql.Terms(parsed.Value.Clauses.Count);
        var where = new List<string>
        {
            $"m.workspace = {sql.Param(workspace.Name)}",
            $"v.current_stage <> {sql.Param(Entities.ModelVersion.DeletedStage)}",
            PromptCondition(sql, parsed.Value.PromptsOnly, "model_version_tags", "x.registered_model_id = v.registered_model_id AND x.version = v.version"),
        };
        foreach (var c in parsed.Value.Clauses)
        {
            where.Add(c.Kind == ClauseKind.Tag
                ? $"EXISTS (SELECT 1 FROM model_version_tags x WHERE x.registered_model_id = v.registered_model_id AND x.version = v.version "
                  + $"AND x.\"key\" = {sql.Param(c.Key)} AND {sql.Compare("x.value", c)})"
                : sql.Compare(c.Key switch { "name" => "m.name", "run_id" => "v.run_id", "source_path" => "v.source", _ => "v.version" }, c));
        }
        if (await accessService.ReadableConditionAsync("registered_model_permissions", "registered_model_id", ct) is { } readableModels)
            where.Add(readableModels(sql, "v.registered_model_id"));
        var text = $"SELECT v.registered_model_id, v.version FROM model_versions v JOIN registered_models m ON m.id = v.registered_model_id "
            + $"WHERE {string.Join(" AND ", where)} ORDER BY {order.Value}" + sql.Limit(max.Value + 1, offset.Value);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await SearchExecution.RowsAsync(db, sql, text, r => (r.GetInt64(0), r.GetInt32(1)), settings.SearchTimeout, ct);
        if (!found.IsSuccess)
            return found.Error;
        var keys = found.Value;
        var versions = await RegistryReader.LoadVersionsAsync(db, keys.Take(max.Value).ToList(), ct);
        return new ModelVersionPage(versions, keys.Count > max.Value ? PageToken.Create(offset.Value + max.Value) : null);
    }

    /// <summary>Prompts only when asked for; otherwise anything tagged as a prompt is left out (RegistryRules.IsPrompt, in SQL).</summary>
    private static string PromptCondition(SqlText sql, bool promptsOnly, string table, string join) =>
        $"{(promptsOnly ? "" : "NOT ")}EXISTS (SELECT 1 FROM {table} x WHERE {join} AND x.\"key\" = {sql.Param(RegistryFilter.PromptTag)} "
        + $"AND lower(x.value) = {sql.Param("true")})";

    private static Result<int> Limit(long? requested, int fallback, int threshold)
    {
        if (requested is null)
            return fallback;
        if (requested < 1)
            return Error.InvalidParameter($"Invalid value for max_results. It must be a positive integer, but got {requested}");
        if (requested > threshold)
            return Error.InvalidParameter($"Invalid value for request parameter max_results. It must be at most {threshold}, but got value {requested}");
        return (int)requested.Value;
    }

    private static Result<string> Order(IReadOnlyList<string> clauses, Dictionary<string, string> keys, (string Column, bool Asc)[] defaults,
        (string Column, bool Asc)[] tiebreaks)
    {
        var terms = new List<(string Column, bool Asc)>();
        foreach (var clause in clauses)
        {
            var split = OrderByParser.Split(clause);
            if (!split.IsSuccess)
                return split.Error;
            var (_, key) = FilterParser.SplitIdentifier(split.Value.Identifier) is var (entity, k) && entity is null or "attribute" ? (entity, FilterParser.TrimKey(k)) : (null, "");
            if (!keys.TryGetValue(key, out var column))
                return Error.InvalidParameter($"Invalid order by key '{split.Value.Identifier}' specified. Valid keys are '{ClauseValues.Render(keys.Keys)}'");
            if (terms.Any(t => t.Column == column))
                return Error.InvalidParameter($"`order_by` contains duplicate fields: [{string.Join(", ", clauses.Select(c => $"'{c}'"))}]");
            terms.Add((column, split.Value.Ascending));
        }
        if (terms.Count == 0)
            terms.AddRange(defaults);
        terms.AddRange(tiebreaks.Where(t => terms.All(x => x.Column != t.Column)));
        return string.Join(", ", terms.Select(t => $"{t.Column} {(t.Asc ? "ASC" : "DESC")}"));
    }

    private static Error? FirstError(params Error?[] errors) => errors.FirstOrDefault(e => e is not null);
}
