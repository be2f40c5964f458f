using System.Text;

namespace Workspaces.Data.Search;

/// <summary>Translates a parsed run filter and order into one SQL statement returning run ids.</summary>
internal static class RunSearchQuery
{
    public static string Build(SqlText sql, IReadOnlyList<long> experimentIds, string[] stages, IReadOnlyList<FilterClause> clauses,
        IReadOnlyList<OrderKey> order, int limit, int offset)
    {
        var joins = new StringBuilder();
        var orderTerms = new List<string>();
        for (var i = 0; i < order.Count; i++)
            orderTerms.AddRange(OrderTerms(sql, order[i], $"o{i}", joins));
        if (!order.Any(o => o.Kind == ClauseKind.Attribute && o.Key == "start_time"))
            orderTerms.Add("r.start_time DESC");
        orderTerms.Add("r.run_uuid ASC");

        var where = new List<string>
        {
            sql.In("r.experiment_id", experimentIds.Cast<object>()),
            sql.In("r.lifecycle_stage", stages),
        };
        where.AddRange(clauses.Select(c => Condition(sql, c)));
        return $"SELECT r.run_uuid FROM runs r{joins} WHERE {string.Join(" AND ", where)} ORDER BY {string.Join(", ", orderTerms)}"
            + sql.Limit(limit, offset);
    }

    private static string Condition(SqlText sql, FilterClause c) => c.Kind switch
    {
        ClauseKind.Metric => Exists(sql, "latest_metrics", c),
        ClauseKind.Param => Exists(sql, "params", c),
        ClauseKind.Tag => Exists(sql, "tags", c),
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
    private static IEnumerable<string> OrderTerms(SqlText sql, OrderKey key, string alias, StringBuilder joins)
    {
        var direction = key.Ascending ? "ASC" : "DESC";
        if (key.Kind == ClauseKind.Attribute)
        {
            var column = key.Key == "run_name" ? "r.name" : AttributeColumn(key.Key);
            return [$"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END", $"{column} {direction}"];
        }
        var table = key.Kind switch
        {
            ClauseKind.Metric => "latest_metrics",
            ClauseKind.Param => "params",
            _ => "tags",
        };
        joins.Append($" LEFT JOIN {table} {alias} ON {alias}.run_uuid = r.run_uuid AND {alias}.\"key\" = {sql.Param(key.Key)}");
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
