using System.Globalization;
using System.Text.RegularExpressions;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

internal enum ClauseKind
{
    Metric,
    Param,
    Tag,
    Attribute,
    Dataset,
}

/// <summary>A validated comparison: exactly one of <see cref="Number"/>, <see cref="Text"/>, <see cref="List"/> is set.</summary>
internal sealed record FilterClause(ClauseKind Kind, string Key, string Comparator, double? Number = null, string? Text = null, IReadOnlyList<string>? List = null);

/// <summary>Value and comparator rules shared by the run and experiment grammars.</summary>
internal static partial class ClauseValues
{
    public static readonly string[] NumericComparators = [">", ">=", "!=", "=", "<", "<="];
    public static readonly string[] StringComparators = ["!=", "=", "LIKE", "ILIKE"];
    public static readonly string[] ListComparators = ["!=", "=", "LIKE", "ILIKE", "IN", "NOT IN"];

    public static Result<double> Numeric(Token value, string errorPrefix)
    {
        if (value.Kind == TokenKind.Number && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        return Error.InvalidParameter($"{errorPrefix}{value.Text}");
    }

    /// <summary>A quoted string; <paramref name="typeName"/> names the entity in the "quoted string" message.</summary>
    public static Result<string> Quoted(Token value, string typeName)
    {
        if (FilterParser.QuotedString(value) is { } text)
            return text;
        if (value.Kind == TokenKind.Identifier)
        {
            return Error.InvalidParameter("Parameter value is either not quoted or unidentified quote types used for string value "
                + $"{value.Text}. Use either single or double quotes.");
        }
        return Error.InvalidParameter($"Expected a quoted string value for {typeName} (e.g. 'my-value'). Got value {value.Text}");
    }

    /// <summary>MLflow's list parsing: quoted strings only; ids with upper-case letters are dropped (run ids are lower-case).</summary>
    public static Result<IReadOnlyList<string>> List(Token value)
    {
        var inner = value.Text[1..^1].Trim();
        if (inner.Length == 0)
            return Error.InvalidParameter("While parsing a list in the query, expected a non-empty list of string values, but got empty list");
        var items = new List<string>();
        foreach (Match m in ListItem().Matches(inner))
        {
            if (!m.Success)
                break;
            if (m.Groups["bad"].Success)
                return Error.InvalidParameter($"While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ({inner})");
            items.Add(m.Groups["s"].Success ? m.Groups["s"].Value : m.Groups["d"].Value);
        }
        var rebuilt = ListItem().Replace(inner, "").Trim();
        if (items.Count == 0 || rebuilt.Length > 0)
            return Error.InvalidParameter("While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.");
        return items.Where(IsLower).ToList();
    }

    public static Error? CheckComparator(string comparator, string[] allowed, bool closeQuote = true) =>
        allowed.Contains(comparator, StringComparer.Ordinal) ? null
            : Error.InvalidParameter($"Invalid comparator '{comparator}' not one of '{Render(allowed)}{(closeQuote ? "'" : "")}");

    public static string Render(IEnumerable<string> values) => "{" + string.Join(", ", values.Select(v => $"'{v}'")) + "}";

    /// <summary>Python's str.islower(): at least one cased character and no upper-case one.</summary>
    private static bool IsLower(string s) => s.Any(char.IsLower) && !s.Any(char.IsUpper);

    [GeneratedRegex(@"\s*(?:'(?<s>[^']*)'|""(?<d>[^""]*)""|(?<bad>[^,'""\s][^,]*))\s*,?")]
    private static partial Regex ListItem();
}
