using System.Text;

namespace Workspaces.Data.Search;

/// <summary>Translates a parsed run filter and order into one SQL statement returning run ids.</summary>
internal static class RunSearchQuery
{
    public static string Build(SqlText sql, IReadOnlyList<long> experimentIds, string[] stages, IReadOnlyList<FilterClause> clauses,
        IReadOnlyList<OrderKey> order, int limit, int offset)
    {
        var joins = new StringBuilder();
        var joined = new Dictionary<(ClauseKind, string), string>();
        var where = Where(sql, experimentIds, stages, clauses, joins, joined);
        var orderTerms = new List<string>();
        for (var i = 0; i < order.Count; i++)
            orderTerms.AddRange(OrderTerms(sql, order[i], $"o{i}", joins, joined));
        if (!order.Any(o => o.Kind == ClauseKind.Attribute && o.Key == "start_time"))
            orderTerms.Add("r.start_time DESC");
        orderTerms.Add("r.run_uuid ASC");
        return $"SELECT r.run_uuid FROM runs r{joins} WHERE {where} ORDER BY {string.Join(", ", orderTerms)}"
            + sql.Limit(limit, offset);
    }

    /// <summary>
    /// How many runs the same filter matches: the search's joins and conditions without order or page. Each filter join is
    /// on the (run, key) primary key, so a run is counted once.
    /// </summary>
    public static string Count(SqlText sql, IReadOnlyList<long> experimentIds, string[] stages, IReadOnlyList<FilterClause> clauses)
    {
        var joins = new StringBuilder();
        var where = Where(sql, experimentIds, stages, clauses, joins, []);
        return $"SELECT COUNT(*) FROM runs r{joins} WHERE {where}";
    }

    private static string Where(SqlText sql, IReadOnlyList<long> experimentIds, string[] stages, IReadOnlyList<FilterClause> clauses,
        StringBuilder joins, Dictionary<(ClauseKind, string), string> joined)
    {
        var where = new List<string>
        {
            sql.In("r.experiment_id", experimentIds.Cast<object>()),
            sql.In("r.lifecycle_stage", stages),
        };
        // Metric, param and tag clauses become inner joins on the (run, key) primary key: one row per run at most,
        // and an ORDER BY on the same key reuses the join instead of looking the value up a second time.
        for (var i = 0; i < clauses.Count; i++)
        {
            var c = clauses[i];
            if (c.Kind is ClauseKind.Metric or ClauseKind.Param or ClauseKind.Tag)
            {
                var alias = $"f{i}";
                joins.Append($" JOIN {Table(c.Kind)} {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.\"key\" = {sql.Param(c.Key)} AND {sql.Compare($"{alias}.value", c)}");
                joined.TryAdd((c.Kind, c.Key), alias);
            }
            else
            {
                where.Add(Condition(sql, c));
            }
        }
        return string.Join(" AND ", where);
    }

    private static string Table(ClauseKind kind) => kind switch
    {
        ClauseKind.Metric => "latest_metrics",
        ClauseKind.Param => "params",
        _ => "tags",
    };

    private static string Condition(SqlText sql, FilterClause c) => c.Kind switch
    {
        // MLflow matches run names through the mlflow.runName tag, not the column.
        ClauseKind.Attribute when c.Key == "run_name" => Exists(sql, "tags", c with { Key = "mlflow.runName" }),
        ClauseKind.Attribute => sql.Compare(AttributeColumn(c.Key), c),
        ClauseKind.Dataset when c.Key == "context" =>
            $"EXISTS (SELECT 1 FROM input_tags x WHERE x.run_uuid = r.run_uuid AND x.\"key\" = {sql.Param("mlflow.data.context")} AND {sql.Compare("x.value", c)})",
        _ => $"EXISTS (SELECT 1 FROM run_dataset_inputs x JOIN datasets d ON d.dataset_uuid = x.dataset_uuid "
            + $"WHERE x.run_uuid = r.run_uuid AND {sql.Compare($"d.{c.Key}", c)})",
    };

    private static string Exists(SqlText sql, string table, FilterClause c) =>
        $"EXISTS (SELECT 1 FROM {table} x WHERE x.run_uuid = r.run_uuid AND x.\"key\" = {sql.Param(c.Key)} AND {sql.Compare("x.value", c)})";

    /// <summary>Missing keys sort last in both directions; for metrics NaN sorts after numbers, before missing.</summary>
    private static IEnumerable<string> OrderTerms(SqlText sql, OrderKey key, string alias, StringBuilder joins, Dictionary<(ClauseKind, string), string> joined)
    {
        var direction = key.Ascending ? "ASC" : "DESC";
        if (key.Kind == ClauseKind.Attribute)
        {
            var column = key.Key == "run_name" ? "r.name" : AttributeColumn(key.Key);
            return [$"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END", $"{column} {direction}"];
        }
        if (joined.TryGetValue((key.Kind, key.Key), out var existing))
            alias = existing;
        else
            joins.Append($" LEFT JOIN {Table(key.Kind)} {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.\"key\" = {sql.Param(key.Key)}");
        var rank = key.Kind == ClauseKind.Metric
            ? $"CASE WHEN {alias}.run_uuid IS NULL THEN 2 WHEN {alias}.is_nan THEN 1 ELSE 0 END"
            : $"CASE WHEN {alias}.run_uuid IS NULL THEN 1 ELSE 0 END";
        return [rank, $"{alias}.value {direction}"];
    }

    private static string AttributeColumn(string key) => key switch
    {
        "run_id" => "r.run_uuid",
        "run_name" => "r.name",
        _ => $"r.{key}",
    };
}
