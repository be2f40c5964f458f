using System.Data.Common;
using Workspaces.Data.Store;

namespace Workspaces.Data.Search;

/// <summary>
/// Builds parameterised SQL for search: every value is a parameter, identifiers are fixed strings.
/// Comparisons keep MLflow's semantics on both databases: LIKE is case-sensitive (SQLite runs with
/// case_sensitive_like on), ILIKE is case-insensitive.
/// </summary>
internal sealed class SqlText(DatabaseProvider provider)
{
    private readonly List<object?> _values = [];

    public DatabaseProvider Provider => provider;

    /// <summary>
    /// Set when a statement has more terms (joins or EXISTS) than PostgreSQL's planner should reorder: every term
    /// joins on the same run or entity id, and the planner's time grows steeply with them (25 terms: ~7 s, 50: ~65 s of
    /// planning on analysed tables). Executed in the written order instead, 50 terms over 10,000 runs take ~0.5 s.
    /// </summary>
    public bool KeepJoinOrder { get; private set; }

    /// <summary>Records how many filter and order terms the statement has (see <see cref="KeepJoinOrder"/>).</summary>
    public void Terms(int count) => KeepJoinOrder = count > SearchLimits.PlannerReorderTerms;

    public string Param(object? value)
    {
        _values.Add(value);
        return $"@p{_values.Count - 1}";
    }

    public string In(string column, IEnumerable<object> values, bool negate = false)
    {
        var names = values.Select(Param).ToList();
        if (names.Count == 0)
            return negate ? "1 = 1" : "1 = 0";
        return $"{column} {(negate ? "NOT IN" : "IN")} ({string.Join(", ", names)})";
    }

    /// <summary>
    /// <paramref name="column"/> contains <paramref name="text"/> in any case, taken literally: the UI's search boxes,
    /// where a user's '%', '_' or quote is a character to find, not a wildcard or a filter-grammar escape.
    /// </summary>
    public string ContainsIgnoringCase(string column, string text) => provider == DatabaseProvider.Postgres
        ? $"strpos(lower({column}), lower({Param(text)})) > 0"
        : $"instr(lower({column}), lower({Param(text)})) > 0";

    /// <summary>A comparison of <paramref name="column"/> with one value or a list (IN / NOT IN).</summary>
    public string Compare(string column, FilterClause clause)
    {
        var comparator = clause.Comparator.ToUpperInvariant();
        if (clause.List is { } list)
            return In(column, list, negate: comparator == "NOT IN");
        object value = clause.Number is { } n ? n : clause.Text!;
        return comparator switch
        {
            "LIKE" => $"{column} LIKE {Param(value)}",
            "ILIKE" when provider == DatabaseProvider.Postgres => $"{column} ILIKE {Param(value)}",
            "ILIKE" => $"lower({column}) LIKE lower({Param(value)})",
            "=" or "==" => $"{column} = {Param(value)}",
            _ => $"{column} {comparator} {Param(value)}",
        };
    }

    public string Limit(int limit, int offset) => $" LIMIT {Param(limit)} OFFSET {Param(offset)}";

    public void Bind(DbCommand command)
    {
        for (var i = 0; i < _values.Count; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = $"p{i}";
            p.Value = _values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
    }
}
