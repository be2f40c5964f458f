using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

/// <summary>The logged-model search grammar of MLflow's SQL store (search_logged_model_utils.py).</summary>
internal static class LoggedModelFilter
{
    private static readonly string[] Entities = ["attributes", "metrics", "params", "tags"];
    private static readonly string[] NumericOps = ["<", "<=", ">", ">=", "=", "!="];
    private static readonly string[] StringOps = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"];
    public static readonly string[] Attributes = ["name", "model_id", "model_type", "status", "source_run_id", "creation_timestamp_ms", "last_updated_timestamp_ms"];
    private static readonly string[] NumericAttributes = ["creation_timestamp_ms", "last_updated_timestamp_ms"];

    public static Result<List<FilterClause>> Parse(string? filter)
    {
        var raw = FilterParser.Parse(filter);
        if (!raw.IsSuccess && SearchLimits.IsFilterLimit(raw.Error))
            return raw.Error;
        if (!raw.IsSuccess)
        {
            return Error.InvalidParameter($"Invalid filter string: '{filter}'. Expected a list of comparisons separated by 'AND' "
                + "(e.g. 'metrics.loss > 0.1 AND params.lr = 0.01').");
        }
        var clauses = new List<FilterClause>();
        foreach (var c in raw.Value)
        {
            var identified = Identify(c.Left.Text);
            if (!identified.IsSuccess)
                return identified.Error;
            var (kind, key) = identified.Value;
            var numeric = kind == ClauseKind.Metric || (kind == ClauseKind.Attribute && NumericAttributes.Contains(key));
            var allowed = numeric ? NumericOps : StringOps;
            var comparator = c.Comparator.ToUpperInvariant();
            if (!allowed.Contains(comparator, StringComparer.Ordinal))
            {
                return Error.InvalidParameter($"Invalid comparison operator for {EntityName(kind)}.{key}: '{c.Comparator}'. "
                    + $"Expected one of [{string.Join(", ", StringOps.Select(o => $"'{o}'"))}].");
            }
            if (numeric)
            {
                var number = ClauseValues.Numeric(c.Value, $"Invalid numeric value for {EntityName(kind)}.{key}: ");
                if (!number.IsSuccess)
                    return number.Error;
                clauses.Add(new FilterClause(kind, key, comparator, Number: number.Value));
            }
            else if (c.Value.Kind == TokenKind.List)
            {
                var list = ClauseValues.List(c.Value);
                if (!list.IsSuccess)
                    return list.Error;
                clauses.Add(new FilterClause(kind, key, comparator, List: list.Value));
            }
            else
            {
                var text = ClauseValues.Quoted(c.Value, EntityName(kind));
                if (!text.IsSuccess)
                    return text.Error;
                clauses.Add(new FilterClause(kind, key, comparator, Text: text.Value));
            }
        }
        return clauses;
    }

    public static Result<(ClauseKind Kind, string Key)> Identify(string identifier)
    {
        var (entity, rawKey) = FilterParser.SplitIdentifier(identifier);
        var key = rawKey.Trim('`');
        if (entity is null)
        {
            var attribute = Alias(key);
            return Attributes.Contains(attribute)
                ? (ClauseKind.Attribute, attribute)
                : Error.InvalidParameter($"Invalid attribute key '{key}' specified. Valid keys are '{ClauseValues.Render(Attributes)}'");
        }
        if (!Entities.Contains(entity))
            return Error.InvalidParameter($"Invalid entity type: '{entity}'. Expected one of ['attributes', 'metrics', 'params', 'tags'].");
        if (entity == "attributes" && !Attributes.Contains(key))
            return Error.InvalidParameter($"Invalid attribute key '{key}' specified. Valid keys are '{ClauseValues.Render(Attributes)}'");
        return (entity switch { "metrics" => ClauseKind.Metric, "params" => ClauseKind.Param, "tags" => ClauseKind.Tag, _ => ClauseKind.Attribute }, key);
    }

    public static string Alias(string key) => key switch
    {
        "creation_time" or "creation_timestamp" => "creation_timestamp_ms",
        "last_updated_timestamp" => "last_updated_timestamp_ms",
        _ => key,
    };

    private static string EntityName(ClauseKind kind) => kind switch
    {
        ClauseKind.Metric => "metrics",
        ClauseKind.Param => "params",
        ClauseKind.Tag => "tags",
        _ => "attributes",
    };
}
