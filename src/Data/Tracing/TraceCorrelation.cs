namespace Workspaces.Data.Tracing;

/// <summary>calculate-filter-correlation's request: two filters compared over the traces a base filter selects.</summary>
public sealed record TraceCorrelationRequest(IReadOnlyList<string> ExperimentIds, string? Filter1, string? Filter2, string? BaseFilter);

/// <summary>
/// How strongly two trace filters go together: counts of the 2×2 table and its normalized pointwise mutual information
/// (−1 never together, 0 independent, 1 always together). A NaN means undefined (a filter with no traces); the wire
/// leaves such a value out, as MLflow does.
/// </summary>
public sealed record TraceCorrelation(double Npmi, double NpmiSmoothed, int Filter1Count, int Filter2Count, int JointCount, int TotalCount)
{
    /// <summary>MLflow's smoothing for the second value: Jeffreys prior, half a count in every cell.</summary>
    public const double JeffreysPrior = 0.5;

    public static TraceCorrelation FromCounts(int joint, int filter1, int filter2, int total)
    {
        if (total <= 0 || filter1 == 0 || filter2 == 0)
            return new(double.NaN, double.NaN, filter1, filter2, joint, total);
        var (n11, n10, n01) = (joint, filter1 - joint, filter2 - joint);
        var n00 = total - filter1 - filter2 + joint;
        if (Math.Min(Math.Min(n11, n10), Math.Min(n01, n00)) < 0)
            return new(double.NaN, double.NaN, filter1, filter2, joint, total);
        // Filters that never co-occur although both match something are fully anti-correlated by definition.
        var plain = joint == 0 ? -1.0 : Core(n11, n10, n01, n00, 0);
        return new(plain, Core(n11, n10, n01, n00, JeffreysPrior), filter1, filter2, joint, total);
    }

    private static double Core(double n11, double n10, double n01, double n00, double smoothing)
    {
        var (a, b, c, d) = (n11 + smoothing, n10 + smoothing, n01 + smoothing, n00 + smoothing);
        var n = a + b + c + d;
        var (n1, n2) = (a + b, a + c);
        if (n1 <= 0 || n2 <= 0 || a <= 0)
            return double.NaN;
        // Every trace matches both (judged before smoothing, which always adds mass elsewhere).
        if (n10 == 0 && n01 == 0 && n00 == 0)
            return 1.0;
        var pmi = Math.Log(a) + Math.Log(n) - (Math.Log(n1) + Math.Log(n2));
        var npmi = pmi / -(Math.Log(a) - Math.Log(n));
        return Math.Clamp(npmi, -1.0, 1.0);
    }
}
