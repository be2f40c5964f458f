using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

internal sealed record OrderKey(ClauseKind Kind, string Key, bool Ascending);

/// <summary>MLflow's order_by clauses: <c>&lt;identifier&gt; [ASC|DESC]</c>, one identifier per clause.</summary>
internal static class OrderByParser
{
    /// <summary>Splits a clause into its identifier and direction, with MLflow's messages.</summary>
    public static Result<(string Identifier, bool Ascending)> Split(string clause)
    {
        var tokens = FilterTokenizer.Tokenize(clause);
        if (clause.Length == 0 || clause != clause.Trim() || tokens.Count is 0 or > 2 || tokens[0].Kind != TokenKind.Identifier)
            return Error.InvalidParameter($"Invalid order_by clause '{clause}'. Could not be parsed.");
        var ascending = true;
        if (tokens.Count == 2)
        {
            var direction = tokens[1].Text.ToLowerInvariant();
            if (tokens[1].Kind is not (TokenKind.Identifier or TokenKind.Keyword) || direction is not ("asc" or "desc"))
                return Error.InvalidParameter($"Invalid ordering key in order_by clause '{clause}'.");
            ascending = direction == "asc";
        }
        return (tokens[0].Text, ascending);
    }

    public static Result<List<OrderKey>> ParseRuns(IReadOnlyList<string> clauses)
    {
        var keys = new List<OrderKey>();
        foreach (var clause in clauses)
        {
            var split = Split(clause);
            if (!split.IsSuccess)
                return split.Error;
            var identified = RunFilter.Identify(split.Value.Identifier, forOrderBy: true);
            if (!identified.IsSuccess)
                return identified.Error;
            if (identified.Value.Kind == ClauseKind.Dataset)
                return Error.InvalidParameter("Invalid identifier type 'dataset'");
            keys.Add(new OrderKey(identified.Value.Kind, identified.Value.Key, split.Value.Ascending));
        }
        if (keys.GroupBy(k => (k.Kind, k.Key)).Any(g => g.Count() > 1))
            return Error.InvalidParameter($"`order_by` contains duplicate fields: [{string.Join(", ", clauses.Select(c => $"'{c}'"))}]");
        return keys;
    }
}
