using System.Globalization;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ParCoordsLib;
using Workspaces.Data.Tracking;

namespace Workspaces.Web.Components.Charts;

/// <summary>
/// The compare page's run-level charts. A field is "param:&lt;key&gt;" or "metric:&lt;key&gt;" (the metric's latest value);
/// a field whose values are not all numbers is drawn as categories.
/// </summary>
public static class ChartCompareFigures
{
    public const string ParamPrefix = "param:";
    public const string MetricPrefix = "metric:";

    /// <summary>Every param and metric field of the runs, params first, in key order.</summary>
    public static IReadOnlyList<string> Fields(IReadOnlyList<RunDto> runs) =>
    [
        .. runs.SelectMany(r => r.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal).Select(k => ParamPrefix + k),
        .. runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).Select(k => MetricPrefix + k),
    ];

    public static string? Value(RunDto run, string field) =>
        field.StartsWith(ParamPrefix, StringComparison.Ordinal) ? run.Params.FirstOrDefault(p => p.Key == field[ParamPrefix.Length..])?.Value
        : field.StartsWith(MetricPrefix, StringComparison.Ordinal) && run.Metrics.FirstOrDefault(m => m.Key == field[MetricPrefix.Length..]) is { } m
            && double.IsFinite(m.Value) ? m.Value.ToString("R", CultureInfo.InvariantCulture)
        : null;

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    private static bool IsNumeric(IEnumerable<string?> values) => values.Where(v => v is not null).All(v => Number(v) is not null);

    /// <summary>One marker per run that has both fields, coloured like its lines elsewhere.</summary>
    public static Scatter Scatter(IReadOnlyList<RunDto> runs, string xField, string yField)
    {
        var shown = runs.Where(r => Value(r, xField) is not null && Value(r, yField) is not null).ToList();
        object Axis(RunDto r, string field, bool numeric) => numeric ? Number(Value(r, field))! : Value(r, field)!;
        var (xNumeric, yNumeric) = (IsNumeric(shown.Select(r => Value(r, xField))), IsNumeric(shown.Select(r => Value(r, yField))));
        return new Scatter
        {
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
            X = [.. shown.Select(r => Axis(r, xField, xNumeric))],
            Y = [.. shown.Select(r => Axis(r, yField, yNumeric))],
            HoverTextArray = [.. shown.Select(Name)],
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { ColorArray = [.. shown.Select(r => (object)ChartPalette.For(r.Info.RunId))], Size = 10 },
            HoverTemplate = $"<b>%{{hovertext}}</b><br>{xField}: %{{x}}<br>{yField}: %{{y}}<extra></extra>",
        };
    }

    /// <summary>
    /// One axis per field; text values become category indices (sorted), labelled with the text. A run without the
    /// field has no value (null) on that axis.
    /// </summary>
    public static ParCoords Parallel(IReadOnlyList<RunDto> runs, IReadOnlyList<string> fields)
    {
        var dimensions = new List<Dimension>();
        foreach (var field in fields)
        {
            var values = runs.Select(r => Value(r, field)).ToList();
            if (IsNumeric(values))
            {
                var numbers = values.Select(Number).ToList();
                dimensions.Add(new Dimension { Label = field, Values = [.. numbers.Select(n => (object?)n)] });
                continue;
            }
            var categories = values.Where(v => v is not null).Distinct().Order(StringComparer.Ordinal).ToList();
            dimensions.Add(new Dimension
            {
                Label = field,
                Values = [.. values.Select(v => (object?)(v is null ? null : categories.IndexOf(v)))],
                TickVals = [.. categories.Select((_, i) => (object)i)],
                TickText = [.. categories],
            });
        }
        return new ParCoords
        {
            Dimensions = dimensions,
            Line = new Line { ColorArray = [.. runs.Select((_, i) => (object)i)], ColorScale = "Viridis" },
        };
    }

    private static string Name(RunDto r) => r.Info.RunName ?? r.Info.RunId[..Math.Min(8, r.Info.RunId.Length)];
}
