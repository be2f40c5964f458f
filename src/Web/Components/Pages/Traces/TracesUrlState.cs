using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Workspaces.Web.Components.Pages.Traces;

/// <summary>
/// The traces view as its URL says it: <c>filter</c> (the search grammar), <c>sort</c> (timestamp, execution_time, name or
/// status) and <c>dir</c>, <c>page</c> (1-based). Defaults are left out of the URL.
/// </summary>
public sealed record TracesUrlState(string Filter, string Sort, bool Ascending, int Page)
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> SortKeys = ["timestamp", "execution_time", "name", "status"];

    public static TracesUrlState Default { get; } = new("", "timestamp", false, 1);

    public static TracesUrlState FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? One(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;
        var sort = One("sort") is { } s && SortKeys.Contains(s) ? s : Default.Sort;
        var page = int.TryParse(One("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        return new TracesUrlState(One("filter") ?? "", sort, One("dir") == "asc", page);
    }

    public IReadOnlyDictionary<string, object?> Query() => new Dictionary<string, object?>
    {
        ["filter"] = Filter.Length == 0 ? null : Filter,
        ["sort"] = Sort == Default.Sort ? null : Sort,
        ["dir"] = Ascending ? "asc" : null,
        ["page"] = Page == 1 ? null : Page,
    };

    /// <summary>The server's order_by term (the server breaks ties by trace id, so pages never overlap).</summary>
    public IReadOnlyList<string> OrderBy() => [$"{Sort} {(Ascending ? "ASC" : "DESC")}"];

    /// <summary>The traces tab of an experiment, filtered (e.g. a run's traces).</summary>
    public static string Url(string ws, string experimentId, string? filter = null) =>
        $"{Shell.Sections.Url(ws)}/{Uri.EscapeDataString(experimentId)}/traces{(string.IsNullOrEmpty(filter) ? "" : "?filter=" + Uri.EscapeDataString(filter))}";

    public static string TraceUrl(string ws, string experimentId, string traceId) =>
        $"{Shell.Sections.Url(ws)}/{Uri.EscapeDataString(experimentId)}/traces/{Uri.EscapeDataString(traceId)}";
}
