using Workspaces.Data.Errors;

namespace Workspaces.Data.Search;

/// <summary>
/// What one search may ask of the database, so every search answers within seconds with results or a 400 on
/// both databases. Each filter term of a run search is one join: SQLite refuses more than 64 tables in a
/// statement, and PostgreSQL's planner time grows steeply with joins (200 terms took 19 s), so terms and
/// order keys together stay under 64. Lists are bounded so a statement stays far below SQLite's 32,766
/// parameters; the statement timeout catches whatever the bounds still allow to be slow.
/// </summary>
public static class SearchLimits
{
    /// <summary>Comparisons joined by AND in one filter (each IN list counts once, its items below).</summary>
    public const int MaxFilterTerms = 50;

    /// <summary>Values across all IN / NOT IN lists of one filter.</summary>
    public const int MaxFilterListValues = 1000;

    /// <summary>Characters of one filter string: checked before it is tokenised.</summary>
    public const int MaxFilterLength = 100_000;

    public const int MaxOrderByTerms = 10;

    /// <summary>Above this many terms PostgreSQL plans joins in the written order (PostgreSQL's own join_collapse_limit default).</summary>
    public const int PlannerReorderTerms = 8;

    /// <summary>What a PostgreSQL search above <see cref="PlannerReorderTerms"/> terms sends before its statement, in the same command.</summary>
    public const string KeepJoinOrderSettings = "SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1; ";

    /// <summary>experiment_ids of runs/search and logged-models/search (enough for search_all_experiments on a large workspace).</summary>
    public const int MaxExperimentIds = 10_000;

    /// <summary>Dataset filters of logged-models/search (each is one more condition).</summary>
    public const int MaxDatasetFilters = 50;

    public static Error? FilterLength(string? filter) => filter is { Length: > MaxFilterLength }
        ? Error.InvalidParameter($"The filter is {filter.Length} characters long; a search filter may have at most {MaxFilterLength} characters.")
        : null;

    public static Error TooManyTerms() =>
        Error.InvalidParameter($"The filter has more than {MaxFilterTerms} terms; a search filter may have at most {MaxFilterTerms} comparisons joined by AND.");

    public static Error TooManyListValues() =>
        Error.InvalidParameter($"The filter's IN lists have more than {MaxFilterListValues} values in total; at most {MaxFilterListValues} are allowed.");

    /// <summary>True for the filter limit errors above, which grammars that rephrase parse errors pass through as they are.</summary>
    public static bool IsFilterLimit(Error error) => error.Message.StartsWith("The filter", StringComparison.Ordinal);

    public static Error? OrderBy(int count) => count > MaxOrderByTerms
        ? Error.InvalidParameter($"order_by has {count} clauses; a search may have at most {MaxOrderByTerms}.")
        : null;

    /// <summary>Checked on the count alone, before any id is parsed or looked up.</summary>
    public static Error? ExperimentIds(int count) => count > MaxExperimentIds
        ? Error.InvalidParameter($"experiment_ids has {count} ids; a search may name at most {MaxExperimentIds} experiments.")
        : null;

    public static Error? DatasetFilters(int count) => count > MaxDatasetFilters
        ? Error.InvalidParameter($"datasets has {count} entries; a search may have at most {MaxDatasetFilters}.")
        : null;

    public static Error TooSlow(TimeSpan timeout) => Error.InvalidParameter(
        $"The search took too long and was stopped after {timeout.TotalSeconds:0.###} seconds. Narrow the filter, search fewer experiments or ask for fewer results.");
}
