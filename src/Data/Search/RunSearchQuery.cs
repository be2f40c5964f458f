using System.Text;

namespace Workspaces.Data.Search;

/// <summary>Translates a parsed run filter and order into one SQL statement returning the page's runs.</summary>
internal static class RunSearchQuery
{
    /// <summary>The page's runs come back whole: no second read of the runs table (see <see cref="ReadRun"/>).</summary>
    private const string RunColumns = "r.run_uuid, r.name, r.user_id, r.status, r.start_time, r.end_time, r.deleted_time, r.lifecycle_stage, r.artifact_uri, "
        + "r.experiment_id";

    /// <summary>One row of <see cref="Build"/>'s result.</summary>
    public static Entities.Run ReadRun(System.Data.Common.DbDataReader r) => new()
    {
        RunUuid = r.GetString(0), Name = r.IsDBNull(1) ? null : r.GetString(1), UserId = r.IsDBNull(2) ? null : r.GetString(2), Status = r.GetString(3),
        StartTime = r.GetInt64(4), EndTime = r.IsDBNull(5) ? null : r.GetInt64(5), DeletedTime = r.IsDBNull(6) ? null : r.GetInt64(6),
        LifecycleStage = r.GetString(7), ArtifactUri = r.IsDBNull(8) ? null : r.GetString(8), ExperimentId = r.GetInt64(9),
    };

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
        return $"SELECT {RunColumns} FROM runs r{joins} WHERE {where} ORDER BY {string.Join(", ", orderTerms)}"
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
        {
            // The filter's inner join: the key is never missing, so the rank is NaN or not (false sorts first), and the
            // order matches an index on (key, is_nan, value) that PostgreSQL reads in order, stopping at the page's end.
            return key.Kind == ClauseKind.Metric ? [$"{existing}.is_nan", $"{existing}.value {direction}"] : [$"{existing}.value {direction}"];
        }
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
