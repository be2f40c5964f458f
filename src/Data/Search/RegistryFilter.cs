using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

/// <summary>
/// The registry search grammars (SearchModelUtils / SearchModelVersionUtils): attributes and tags, AND
/// only. The prompt tag gets MLflow's special treatment: unless the filter asks for prompts
/// (<c>tag.`mlflow.prompt.is_prompt` = 'true'</c>), the clause is dropped and prompts are excluded, so
/// <c>!= 'true'</c> also matches models that lack the tag.
/// </summary>
internal static class RegistryFilter
{
    public const string PromptTag = Common.RegistryRules.PromptTag;
    private static readonly string[] NumericOps = ["=", "!=", ">", ">=", "<", "<="];

    public sealed record Parsed(List<FilterClause> Clauses, bool PromptsOnly);

    public static Result<Parsed> ParseModels(string? filter) => Parse(filter, versions: false);

    public static Result<Parsed> ParseVersions(string? filter) => Parse(filter, versions: true);

    private static Result<Parsed> Parse(string? filter, bool versions)
    {
        var raw = FilterParser.Parse(filter);
        if (!raw.IsSuccess)
            return raw.Error;
        var clauses = new List<FilterClause>();
        foreach (var c in raw.Value)
        {
            var (entity, rawKey) = FilterParser.SplitIdentifier(c.Left.Text);
            var key = FilterParser.TrimKey(rawKey);
            var comparator = c.Comparator.ToUpperInvariant();
            if (entity is "tag" or "tags")
            {
                if (!ClauseValues.StringComparators.Contains(comparator))
                    return Error.InvalidParameter($"Invalid comparator for tag: {c.Comparator}");
                var text = ClauseValues.Quoted(c.Value, "tag");
                if (!text.IsSuccess)
                    return text.Error;
                clauses.Add(new FilterClause(ClauseKind.Tag, key, comparator, Text: text.Value));
                continue;
            }
            if (entity is not (null or "attribute" or "attributes"))
                return Error.InvalidParameter($"Invalid entity type '{entity}'. Valid entity types are ('attribute', 'tag', 'tags')");
            var attribute = Attribute(key, versions);
            if (!attribute.IsSuccess)
                return attribute.Error;
            var clause = Value(attribute.Value, key, comparator, c.Value);
            if (!clause.IsSuccess)
                return clause.Error;
            clauses.Add(clause.Value);
        }
        var prompt = clauses.FirstOrDefault(c => c.Kind == ClauseKind.Tag && c.Key == PromptTag);
        var promptsOnly = prompt is not null && ((prompt.Comparator == "=" && IsTrue(prompt.Text)) || (prompt.Comparator == "!=" && IsFalse(prompt.Text)));
        if (prompt is not null && !promptsOnly)
            clauses.Remove(prompt);
        return new Parsed(clauses, promptsOnly);
    }

    private static Result<string> Attribute(string key, bool versions)
    {
        string[] valid = versions ? ["name", "run_id", "source_path", "version_number"] : ["name"];
        return valid.Contains(key)
            ? key
            : Error.InvalidParameter($"Invalid attribute key '{key}' specified. Valid keys are '{ClauseValues.Render(valid)}'");
    }

    private static Result<FilterClause> Value(string attribute, string key, string comparator, Token value)
    {
        if (attribute == "version_number")
        {
            if (!NumericOps.Contains(comparator))
                return Error.InvalidParameter($"Invalid comparator for attribute {key}: {comparator}");
            var number = ClauseValues.Numeric(value, $"Expected numeric value type for numeric attribute: {key}. Found ");
            return number.IsSuccess ? new FilterClause(ClauseKind.Attribute, attribute, comparator, Number: number.Value) : number.Error;
        }
        string[] allowed = attribute == "run_id" ? ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"] : ["=", "!=", "LIKE", "ILIKE"];
        if (!allowed.Contains(comparator))
            return Error.InvalidParameter($"Invalid comparator for attribute: {comparator}");
        if (value.Kind == TokenKind.List)
        {
            if (attribute != "run_id")
                return Error.InvalidParameter("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
            var list = ClauseValues.List(value);
            return list.IsSuccess ? new FilterClause(ClauseKind.Attribute, attribute, comparator, List: list.Value) : list.Error;
        }
        var text = ClauseValues.Quoted(value, "attributes");
        return text.IsSuccess ? new FilterClause(ClauseKind.Attribute, attribute, comparator, Text: text.Value) : text.Error;
    }

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsFalse(string? value) => string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
}
