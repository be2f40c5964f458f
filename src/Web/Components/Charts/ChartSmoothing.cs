namespace Workspaces.Web.Components.Charts;

/// <summary>
/// The exponential moving average MLflow's metric charts smooth with: s_i = w·s_(i-1) + (1-w)·y_i from s = 0, divided by
/// 1 - w^n (n finite points so far) so the first points are not dragged towards zero.
/// </summary>
public static class ChartSmoothing
{
    /// <summary>The largest weight the slider offers; at 1 the line would never move.</summary>
    public const double MaxWeight = 0.99;

    /// <param name="values">The series in x order.</param>
    /// <param name="weight">0 (none) up to <see cref="MaxWeight"/>.</param>
    /// <returns>Smoothed values; NaN and infinities pass through and leave the average alone.</returns>
    public static double[] Ema(IReadOnlyList<double> values, double weight)
    {
        var w = Math.Clamp(weight, 0, MaxWeight);
        var result = new double[values.Count];
        if (w == 0)
        {
            for (var i = 0; i < values.Count; i++)
                result[i] = values[i];
            return result;
        }
        var (biased, count) = (0.0, 0);
        for (var i = 0; i < values.Count; i++)
        {
            var y = values[i];
            if (!double.IsFinite(y))
            {
                result[i] = y;
                continue;
            }
            biased = w * biased + (1 - w) * y;
            count++;
            result[i] = biased / (1 - Math.Pow(w, count));
        }
        return result;
    }
}
