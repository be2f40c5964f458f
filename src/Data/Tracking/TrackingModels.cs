using Workspaces.Data.Common;

namespace Workspaces.Data.Tracking;

/// <summary>One metric point as a client logs it (value may be NaN or ±Infinity).</summary>
public sealed record MetricPoint(string Key, double Value, long Timestamp, long Step, string? ModelId = null, string? DatasetName = null, string? DatasetDigest = null);

/// <summary>A log-batch request, already parsed.</summary>
public sealed record LogBatchRequest(IReadOnlyList<MetricPoint> Metrics, IReadOnlyList<KeyValue> Params, IReadOnlyList<KeyValue> Tags);

/// <summary>Stored form of a metric value: MLflow's SQL store keeps NaN as 0 plus a flag and clamps infinities.</summary>
public readonly record struct StoredValue(double Value, bool IsNan)
{
    public static StoredValue From(double value) => value switch
    {
        double.NaN => new(0, true),
        double.PositiveInfinity => new(double.MaxValue, false),
        double.NegativeInfinity => new(double.MinValue, false),
        _ => new(value, false),
    };

    public double ToDouble() => IsNan ? double.NaN : Value;
}
