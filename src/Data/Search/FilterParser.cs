using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

/// <summary>One <c>identifier comparator value</c> comparison, before its entity rules are applied.</summary>
internal sealed record RawClause(Token Left, string Comparator, Token Value);

/// <summary>
/// The statement-level grammar MLflow accepts: comparisons joined by AND, nothing else (no OR, NOT,
/// grouping or second statement). Messages follow mlflow/utils/search_utils.py.
/// </summary>
internal static class FilterParser
{
    /// <summary>Parses <paramref name="filter"/>; runs quote each invalid token in the message, experiments do not (<paramref name="quoteInvalid"/>).</summary>
    public static Result<List<RawClause>> Parse(string? filter, bool quoteInvalid = true)
    {
        if (string.IsNullOrEmpty(filter))
            return new List<RawClause>();
        if (string.IsNullOrWhiteSpace(filter))
            return Error.InvalidParameter($"Invalid filter '{filter}'. Could not be parsed.");
        if (SearchLimits.FilterLength(filter) is { } tooLong)
            return tooLong;
        var tokens = FilterTokenizer.Tokenize(filter);
        var semicolon = tokens.FindIndex(t => t.Kind == TokenKind.Semicolon);
        if (semicolon >= 0 && semicolon < tokens.Count - 1)
            return Error.InvalidParameter($"Search filter contained multiple expression '{filter}'. Provide AND-ed expression list.");

        var clauses = new List<RawClause>();
        var listValues = 0;
        var i = 0;
        while (i < tokens.Count)
        {
            if (tokens[i].IsKeyword("AND"))
            {
                i++;
                continue;
            }
            var left = tokens[i];
            if (left.Kind is TokenKind.Number or TokenKind.SingleQuoted)
                return Error.InvalidParameter($"Invalid comparison clause. Expected 'Identifier' found '{left.Text}'");
            // A bare "double-quoted" name on the left is an identifier, as sqlparse reads it.
            if (left.Kind is not (TokenKind.Identifier or TokenKind.DoubleQuoted))
                return Invalid(tokens.Skip(i).Take(1), quoteInvalid);
            var (comparator, width) = Comparator(tokens, i + 1);
            var valueIndex = i + 1 + width;
            if (comparator is null || valueIndex >= tokens.Count || !IsValue(tokens[valueIndex]))
                return Invalid(tokens.Skip(i).Take(Math.Max(1, Math.Min(valueIndex + 1, tokens.Count) - i)), quoteInvalid);
            clauses.Add(new RawClause(left, comparator, tokens[valueIndex]));
            // Cost bounds (SearchLimits): stop as soon as one is passed, whatever follows.
            if (clauses.Count > SearchLimits.MaxFilterTerms)
                return SearchLimits.TooManyTerms();
            if (tokens[valueIndex].Kind == TokenKind.List && (listValues += ListItems(tokens[valueIndex].Text)) > SearchLimits.MaxFilterListValues)
                return SearchLimits.TooManyListValues();
            i = valueIndex + 1;
            if (i < tokens.Count && !tokens[i].IsKeyword("AND"))
                return Invalid(tokens.Skip(i).Take(1), quoteInvalid);
        }
        return clauses;
    }

    /// <summary>Items of a <c>(…)</c> list: commas outside quotes, plus one.</summary>
    private static int ListItems(string list)
    {
        var count = 1;
        char? quote = null;
        foreach (var c in list)
        {
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ',')
            {
                count++;
            }
        }
        return count;
    }

    private static (string? Comparator, int Width) Comparator(List<Token> tokens, int i)
    {
        if (i >= tokens.Count)
            return (null, 0);
        var t = tokens[i];
        if (t.Kind == TokenKind.Operator)
            return (t.Text, 1);
        if (t.IsKeyword("LIKE") || t.IsKeyword("ILIKE") || t.IsKeyword("IN"))
            return (t.Text, 1);
        if (t.IsKeyword("NOT") && i + 1 < tokens.Count && tokens[i + 1].IsKeyword("IN"))
            return ("NOT IN", 2);
        return (null, 0);
    }

    private static bool IsValue(Token t) =>
        t.Kind is TokenKind.Number or TokenKind.SingleQuoted or TokenKind.DoubleQuoted or TokenKind.List or TokenKind.Identifier;

    private static Error Invalid(IEnumerable<Token> tokens, bool quote)
    {
        var text = string.Join(" ", tokens.Select(t => t.Text));
        return Error.InvalidParameter($"Invalid clause(s) in filter string: {(quote ? $"'{text}'" : text)}");
    }

    /// <summary>Strips one layer of '…' or "…", then one of `…` (MLflow's key trimming).</summary>
    public static string TrimKey(string key)
    {
        if (key.Length >= 2 && ((key[0] == '\'' && key[^1] == '\'') || (key[0] == '"' && key[^1] == '"')))
            key = key[1..^1];
        if (key.Length >= 2 && key[0] == '`' && key[^1] == '`')
            key = key[1..^1];
        return key;
    }

    /// <summary>Splits <c>entity.key</c> at the first dot outside quotes.</summary>
    public static (string? Entity, string Key) SplitIdentifier(string identifier)
    {
        char? quote = null;
        for (var i = 0; i < identifier.Length; i++)
        {
            var c = identifier[i];
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
            }
            else if (c is '`' or '"')
            {
                quote = c;
            }
            else if (c == '.')
            {
                return (identifier[..i], identifier[(i + 1)..]);
            }
        }
        return (null, identifier);
    }

    /// <summary>A string value: single-quoted or double-quoted, outer quotes removed, no unescaping.</summary>
    public static string? QuotedString(Token t) =>
        t.Kind is TokenKind.SingleQuoted or TokenKind.DoubleQuoted && t.Text.Length >= 2 ? t.Text[1..^1] : null;
}
