namespace Workspaces.Web.Components.Pages.Experiments;

public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);
