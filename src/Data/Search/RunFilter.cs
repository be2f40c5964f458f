using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

/// <summary>The runs search grammar (SearchUtils): metrics, params, tags, attributes and datasets.</summary>
internal static class RunFilter
{
    private static readonly Dictionary<string, ClauseKind> Entities = new(StringComparer.Ordinal)
    {
        ["metric"] = ClauseKind.Metric, ["metrics"] = ClauseKind.Metric,
        ["parameter"] = ClauseKind.Param, ["parameters"] = ClauseKind.Param, ["param"] = ClauseKind.Param, ["params"] = ClauseKind.Param,
        ["tag"] = ClauseKind.Tag, ["tags"] = ClauseKind.Tag,
        ["attribute"] = ClauseKind.Attribute, ["attr"] = ClauseKind.Attribute, ["attributes"] = ClauseKind.Attribute, ["run"] = ClauseKind.Attribute,
        ["dataset"] = ClauseKind.Dataset, ["datasets"] = ClauseKind.Dataset,
    };

    public static readonly string[] StringAttributes = ["artifact_uri", "run_id", "run_name", "status", "user_id"];
    public static readonly string[] NumericAttributes = ["end_time", "start_time"];
    private static readonly string[] DatasetKeys = ["name", "digest", "context"];

    public static Result<List<FilterClause>> Parse(string? filter)
    {
        var raw = FilterParser.Parse(filter);
        if (!raw.IsSuccess)
            return raw.Error;
        var clauses = new List<FilterClause>();
        foreach (var clause in raw.Value)
        {
            var parsed = Interpret(clause);
            if (!parsed.IsSuccess)
                return parsed.Error;
            clauses.Add(parsed.Value);
        }
        // Comparators are checked after every clause parsed, as MLflow's store does.
        foreach (var clause in clauses)
        {
            if (CheckComparator(clause) is { } bad)
                return bad;
        }
        return clauses;
    }

    /// <summary>Entity type and key of an identifier; shared with order_by parsing.</summary>
    public static Result<(ClauseKind Kind, string Key)> Identify(string identifier, bool forOrderBy = false)
    {
        var (entity, rawKey) = FilterParser.SplitIdentifier(identifier);
        var key = FilterParser.TrimKey(rawKey);
        ClauseKind kind;
        if (entity is null)
        {
            kind = ClauseKind.Attribute;
        }
        else
        {
            var name = entity.Trim('`');
            if (!Entities.TryGetValue(name, out kind))
                return Error.InvalidParameter($"Invalid entity type '{name}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']");
        }
        if (kind == ClauseKind.Attribute)
        {
            var attribute = NormalizeAttribute(key, forOrderBy);
            if (attribute is null)
            {
                return Error.InvalidParameter(
                    $"Invalid attribute key '{key}' specified. Valid keys are '{ClauseValues.Render(StringAttributes.Concat(NumericAttributes).Order(StringComparer.Ordinal))}'");
            }
            key = attribute;
        }
        else if (kind == ClauseKind.Dataset && !DatasetKeys.Contains(key))
        {
            return Error.InvalidParameter($"Invalid dataset key '{key}' specified. Valid keys are '{ClauseValues.Render(DatasetKeys)}'");
        }
        return (kind, key);
    }

    private static string? NormalizeAttribute(string key, bool forOrderBy) => key switch
    {
        "created" or "Created" => "start_time",
        "run name" or "Run name" or "Run Name" when !forOrderBy => "run_name",
        _ when StringAttributes.Contains(key) || NumericAttributes.Contains(key) => key,
        _ => null,
    };

    private static Result<FilterClause> Interpret(RawClause raw)
    {
        var identified = Identify(raw.Left.Text);
        if (!identified.IsSuccess)
            return identified.Error;
        var (kind, key) = identified.Value;
        var comparator = raw.Comparator;
        switch (kind)
        {
            case ClauseKind.Metric:
                var number = ClauseValues.Numeric(raw.Value, "Expected numeric value type for metric. Found ");
                return number.IsSuccess ? new FilterClause(kind, key, comparator, Number: number.Value) : number.Error;
            case ClauseKind.Param or ClauseKind.Tag:
                var text = ClauseValues.Quoted(raw.Value, kind == ClauseKind.Param ? "parameter" : "tag");
                return text.IsSuccess ? new FilterClause(kind, key, comparator, Text: text.Value) : text.Error;
            case ClauseKind.Attribute when NumericAttributes.Contains(key):
                var n = ClauseValues.Numeric(raw.Value, $"Expected numeric value type for numeric attribute: {key}. Found ");
                return n.IsSuccess ? new FilterClause(kind, key, comparator, Number: n.Value) : n.Error;
            case ClauseKind.Attribute:
                if (raw.Value.Kind == TokenKind.List)
                {
                    if (key != "run_id")
                        return Error.InvalidParameter("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
                    return ListClause(kind, key, comparator, raw.Value);
                }
                if (raw.Value.Kind == TokenKind.Number)
                    return Error.InvalidParameter($"Expected a quoted string value for attributes. Got value {raw.Value.Text}");
                var attribute = ClauseValues.Quoted(raw.Value, "attributes");
                return attribute.IsSuccess ? new FilterClause(kind, key, comparator, Text: attribute.Value) : attribute.Error;
            default:
                if (raw.Value.Kind == TokenKind.List)
                    return ListClause(kind, key, comparator, raw.Value);
                if (raw.Value.Kind == TokenKind.Number)
                    return Error.InvalidParameter($"Expected a quoted string value for dataset attributes. Got value {raw.Value.Text}");
                var dataset = ClauseValues.Quoted(raw.Value, "dataset attributes");
                return dataset.IsSuccess ? new FilterClause(kind, key, comparator, Text: dataset.Value) : dataset.Error;
        }
    }

    private static Result<FilterClause> ListClause(ClauseKind kind, string key, string comparator, Token value)
    {
        var list = ClauseValues.List(value);
        return list.IsSuccess ? new FilterClause(kind, key, comparator, List: list.Value) : list.Error;
    }

    private static Error? CheckComparator(FilterClause clause)
    {
        var comparator = clause.Comparator.ToUpperInvariant();
        var error = clause.Kind switch
        {
            ClauseKind.Metric => ClauseValues.CheckComparator(comparator, ClauseValues.NumericComparators, closeQuote: false),
            ClauseKind.Param => ClauseValues.CheckComparator(comparator, ClauseValues.StringComparators),
            ClauseKind.Tag => ClauseValues.CheckComparator(comparator, ClauseValues.StringComparators, closeQuote: false),
            // MLflow's message for numeric attributes lists the string comparators; only the numeric ones pass.
            ClauseKind.Attribute when NumericAttributes.Contains(clause.Key) => ClauseValues.NumericComparators.Contains(comparator)
                ? null
                : Error.InvalidParameter($"Invalid comparator '{comparator}' not one of '{ClauseValues.Render(ClauseValues.ListComparators)}"),
            ClauseKind.Attribute => ClauseValues.CheckComparator(comparator, ClauseValues.ListComparators),
            _ => ClauseValues.CheckComparator(comparator, ClauseValues.ListComparators, closeQuote: false),
        };
        if (error is not null)
            return error;
        var isList = comparator is "IN" or "NOT IN";
        if (isList != (clause.List is not null))
            return Error.InvalidParameter($"Comparator '{clause.Comparator}' needs {(isList ? "a list of quoted strings, e.g. ('a', 'b')" : "a single value, not a list")}.");
        return null;
    }
}
