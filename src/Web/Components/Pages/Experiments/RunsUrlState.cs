using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Workspaces.Web.Components.Pages.Experiments;

/// <summary>
/// The runs view as its URL says it: <c>filter</c>, <c>sort</c> (a column id) and <c>dir</c>, <c>page</c> (1-based),
/// <c>size</c>, <c>columns</c> (comma-separated column ids; empty means none), <c>view=chart</c> for the charts instead of
/// the table. Defaults are left out of the URL, and any other query parameter (<c>ids</c>, ...) is left as it is.
/// </summary>
public sealed record RunsUrlState(string Filter, RunColumn Sort, bool Ascending, int Page, int PageSize, IReadOnlyList<RunColumn>? Columns,
    bool Chart = false)
{
    public static readonly IReadOnlyList<int> PageSizes = [25, 50, 100, 500];

    public static RunsUrlState Default { get; } = new("", RunColumn.Created, false, 1, 50, null);

    /// <summary>The state of <paramref name="uri"/>; a value that does not parse falls back to its default.</summary>
    public static RunsUrlState FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? One(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;
        var sort = RunColumn.Parse(One("sort")) is { Sortable: true } column ? column : Default.Sort;
        var page = int.TryParse(One("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        var size = int.TryParse(One("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && PageSizes.Contains(s) ? s : Default.PageSize;
        var columns = One("columns") is { } ids
            ? ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(RunColumn.Parse).OfType<RunColumn>()
                .Where(c => c.Kind != RunColumnKind.Attribute).Distinct().ToList()
            : null;
        return new RunsUrlState(One("filter") ?? "", sort, One("dir") == "asc", page, size, columns, One("view") == "chart");
    }

    /// <summary>The query parameters this state sets; null removes a parameter (it has its default).</summary>
    public IReadOnlyDictionary<string, object?> Query() => new Dictionary<string, object?>
    {
        ["filter"] = Filter.Length == 0 ? null : Filter,
        ["sort"] = Sort == Default.Sort ? null : Sort.Id,
        ["dir"] = Ascending ? "asc" : null,
        ["page"] = Page == 1 ? null : Page,
        ["size"] = PageSize == Default.PageSize ? null : PageSize,
        ["columns"] = Columns is null ? null : string.Join(',', Columns.Select(c => c.Id)),
        ["view"] = Chart ? "chart" : null,
    };

    /// <summary>Equal views: the list of columns compared by content, which a record's equality does not do.</summary>
    public bool SameAs(RunsUrlState other) =>
        Filter == other.Filter && Sort == other.Sort && Ascending == other.Ascending && Page == other.Page && PageSize == other.PageSize
        && Chart == other.Chart
        && (Columns is null ? other.Columns is null : other.Columns is not null && Columns.SequenceEqual(other.Columns));
}
