using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>An endpoint's link to one model definition, as routing needs it.</summary>
/// <param name="LinkageType"><c>PRIMARY</c> or <c>FALLBACK</c>.</param>
/// <param name="Weight">Share of traffic among PRIMARY models under traffic split.</param>
/// <param name="FallbackOrder">Position among FALLBACK models (lowest first).</param>
/// <param name="ModelDefinitionId">The model definition to call.</param>
public sealed record RouteMapping(string ModelDefinitionId, string LinkageType, double Weight = 1.0, int? FallbackOrder = null);

/// <summary>Decides which model definitions one invocation tries, in order (reference §3.3).</summary>
public static class RouteSelector
{
    public const string Primary = "PRIMARY";
    public const string Fallback = "FALLBACK";
    public const string TrafficSplit = "REQUEST_BASED_TRAFFIC_SPLIT";

    /// <summary>
    /// The attempts: one PRIMARY (weighted choice under <see cref="TrafficSplit"/>, else the first), then, when the
    /// endpoint has a fallback config, the FALLBACK models by <c>fallback_order</c>, at most <c>max_attempts</c> in all
    /// (MLflow counts the primary as an attempt). Mappings whose model definition lost its secret must be left out by
    /// the caller, as MLflow skips them.
    /// </summary>
    public static Result<IReadOnlyList<RouteMapping>> Select(
        string endpointName, IReadOnlyList<RouteMapping> mappings, string? routingStrategy, GatewayFallbackConfig? fallback, Random random)
    {
        var primaries = mappings.Where(m => string.Equals(m.LinkageType, Primary, StringComparison.OrdinalIgnoreCase)).ToList();
        if (primaries.Count == 0)
            return Error.NotFound($"Endpoint '{endpointName}' has no PRIMARY models configured");

        var chosen = string.Equals(routingStrategy, TrafficSplit, StringComparison.OrdinalIgnoreCase)
            ? Weighted(primaries, random)
            : primaries[0];
        var attempts = new List<RouteMapping> { chosen };
        if (fallback is null)
            return attempts;

        // OrderBy is stable: equal or missing orders keep the endpoint's listing order; missing ones go last.
        attempts.AddRange(mappings
            .Where(m => string.Equals(m.LinkageType, Fallback, StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.FallbackOrder ?? int.MaxValue));
        var limit = fallback.MaxAttempts is > 0 and var max ? max : attempts.Count;
        return attempts.Take(limit).ToList();
    }

    /// <summary>
    /// Whether a failed attempt should pass to the next model: rate limits and server-side failures (including our own
    /// 502 unreachable and 504 timeout) may go away on another model; a client error would fail the same way there.
    /// </summary>
    public static bool ShouldFallBack(int status) => status == 429 || status >= 500;

    /// <summary>A PRIMARY with probability weight / total weight; zero or negative weights are never chosen unless all are.</summary>
    private static RouteMapping Weighted(List<RouteMapping> primaries, Random random)
    {
        var total = primaries.Sum(m => Math.Max(m.Weight, 0));
        if (total <= 0)
            return primaries[0];
        var point = random.NextDouble() * total;
        foreach (var mapping in primaries)
        {
            point -= Math.Max(mapping.Weight, 0);
            if (point < 0)
                return mapping;
        }
        // Rounding can leave a sliver past the last positive weight.
        return primaries.Last(m => m.Weight > 0);
    }
}
