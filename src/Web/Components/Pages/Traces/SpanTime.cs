using System.Globalization;

namespace Workspaces.Web.Components.Pages.Traces;

/// <summary>Span durations as people read them: µs under a millisecond, ms under a second, seconds above.</summary>
public static class SpanTime
{
    public static string Format(long nanoseconds) => nanoseconds switch
    {
        < 0 => "",
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000.0:0.#} µs"),
        < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000.0:0.#} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000_000.0:0.##} s"),
    };

    /// <summary>A bar's left edge and width as percentages of the trace; a zero-length span still gets a visible sliver.</summary>
    public static (double Left, double Width) Bar(long startNs, long endNs, long traceStartNs, long traceEndNs)
    {
        var total = Math.Max(1, traceEndNs - traceStartNs);
        // A span that starts at the trace's end (zero length, or still open) keeps its sliver inside the bar.
        var left = Math.Clamp((startNs - traceStartNs) * 100.0 / total, 0, 99.5);
        var width = Math.Max(0.5, Math.Min((endNs - startNs) * 100.0 / total, 100 - left));
        return (left, width);
    }
}
