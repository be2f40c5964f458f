using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

/// <summary>The experiments search grammar (SearchExperimentsUtils): name, creation_time, last_update_time and tags.</summary>
internal static class ExperimentFilter
{
    private static readonly string[] Entities = ["attribute", "tag", "tags"];
    private static readonly string[] NumericAttributes = ["creation_time", "last_update_time"];
    private static readonly string[] OrderAttributes = ["name", "experiment_id", "creation_time", "last_update_time"];
    private static readonly string[] NumericOperators = ["=", "!=", "<", "<=", ">", ">="];

    public static Result<List<FilterClause>> Parse(string? filter)
    {
        var raw = FilterParser.Parse(filter, quoteInvalid: false);
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
        for (var i = 0; i < clauses.Count; i++)
        {
            // Keywords are case-insensitive (like, ilike), as in the runs grammar.
            var c = clauses[i];
            var comparator = c.Comparator.ToUpperInvariant();
            var error = c.Kind == ClauseKind.Tag
                ? (ClauseValues.StringComparators.Contains(comparator) ? null : $"Invalid comparator for tag: {c.Comparator}")
                : NumericAttributes.Contains(c.Key)
                    ? (NumericOperators.Contains(comparator) ? null : $"Invalid comparator for numeric attribute: {c.Comparator}")
                    : (ClauseValues.StringComparators.Contains(comparator) ? null : $"Invalid comparator for string attribute: {c.Comparator}");
            if (error is not null)
                return Error.InvalidParameter(error);
            clauses[i] = c with { Comparator = comparator };
        }
        return clauses;
    }

    /// <summary>Order keys as (column, ascending), with MLflow's default and experiment_id tiebreak.</summary>
    public static Result<List<(string Column, bool Ascending)>> ParseOrder(IReadOnlyList<string> clauses)
    {
        if (clauses.Count == 0)
            return new List<(string, bool)> { ("creation_time", false), ("experiment_id", true) };
        var keys = new List<(string Column, bool Ascending)>();
        foreach (var clause in clauses)
        {
            var split = OrderByParser.Split(clause);
            if (!split.IsSuccess)
                return split.Error;
            var identified = Identify(split.Value.Identifier);
            if (!identified.IsSuccess)
                return identified.Error;
            var (kind, key) = identified.Value;
            if (kind == ClauseKind.Tag)
                return Error.InvalidParameter("Invalid order_by entity: tag");
            if (!OrderAttributes.Contains(key))
                return InvalidAttribute(key, OrderAttributes);
            keys.Add((key, split.Value.Ascending));
        }
        if (!keys.Any(k => k.Column == "experiment_id"))
            keys.Add(("experiment_id", false));
        return keys;
    }

    private static Result<(ClauseKind Kind, string Key)> Identify(string identifier)
    {
        var (entity, rawKey) = FilterParser.SplitIdentifier(identifier);
        if (entity is not null && !Entities.Contains(entity))
            return Error.InvalidParameter($"Invalid entity type '{entity}'. Valid entity types are ('attribute', 'tag', 'tags')");
        return (entity is "tag" or "tags" ? ClauseKind.Tag : ClauseKind.Attribute, FilterParser.TrimKey(rawKey));
    }

    private static Result<FilterClause> Interpret(RawClause raw)
    {
        var identified = Identify(raw.Left.Text);
        if (!identified.IsSuccess)
            return identified.Error;
        var (kind, key) = identified.Value;
        if (kind == ClauseKind.Tag)
        {
            var tag = ClauseValues.Quoted(raw.Value, "tag");
            return tag.IsSuccess ? new FilterClause(kind, key, raw.Comparator, Text: tag.Value) : tag.Error;
        }
        if (NumericAttributes.Contains(key))
        {
            var number = ClauseValues.Numeric(raw.Value, $"Expected numeric value type for numeric attribute: {key}. Found ");
            return number.IsSuccess ? new FilterClause(kind, key, raw.Comparator, Number: number.Value) : number.Error;
        }
        if (key != "name")
            return InvalidAttribute(key, ["name", .. NumericAttributes]);
        if (raw.Value.Kind == TokenKind.List)
            return Error.InvalidParameter("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
        if (raw.Value.Kind == TokenKind.Number)
            return Error.InvalidParameter($"Expected a quoted string value for attributes. Got value {raw.Value.Text}");
        var name = ClauseValues.Quoted(raw.Value, "attributes");
        return name.IsSuccess ? new FilterClause(kind, key, raw.Comparator, Text: name.Value) : name.Error;
    }

    private static Error InvalidAttribute(string key, IEnumerable<string> valid) =>
        Error.InvalidParameter($"Invalid attribute key '{key}' specified. Valid keys are '{ClauseValues.Render(valid)}'");
}
