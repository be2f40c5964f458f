namespace Workspaces.Web.Components.Charts;

/// <summary>
/// The compare page's chart choices, kept in the URL so a reload or a shared link shows the same charts:
/// <c>metrics</c> (line charts), <c>x</c>/<c>y</c> (scatter fields) and <c>pc</c> (parallel coordinates fields), comma-separated.
/// </summary>
public sealed record CompareChoices(IReadOnlyList<string> Metrics, string? X, string? Y, IReadOnlyList<string> Parallel)
{
    public static CompareChoices Parse(string? metrics, string? x, string? y, string? parallel) =>
        new(Split(metrics), string.IsNullOrWhiteSpace(x) ? null : x, string.IsNullOrWhiteSpace(y) ? null : y, Split(parallel));

    /// <summary>The query parameters; an empty choice removes its parameter.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["metrics"] = Metrics.Count == 0 ? null : string.Join(',', Metrics),
        ["x"] = X,
        ["y"] = Y,
        ["pc"] = Parallel.Count == 0 ? null : string.Join(',', Parallel),
    };

    private static string[] Split(string? value) => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
