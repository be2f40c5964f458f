namespace Workspaces.Web.Components.Pages.Experiments;

/// <summary>
/// One line of a chart. <see cref="ColorKey"/> (e.g. a run id) keeps a series' colour the same on every chart;
/// <see cref="Hover"/>, parallel to <see cref="Points"/>, adds per-point text to the hover label (step, time).
/// </summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points)
{
    public string? ColorKey { get; init; }

    public IReadOnlyList<string>? Hover { get; init; }
}
