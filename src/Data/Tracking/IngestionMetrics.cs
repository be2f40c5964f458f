using System.Diagnostics.Metrics;

namespace Workspaces.Data.Tracking;

/// <summary>
/// The tracking store's own instruments, published when the host turns metrics on (<c>Server:Metrics</c>). No
/// workspace, user or run labels: their number is unbounded, and a scrape must stay small.
/// </summary>
public static class IngestionMetrics
{
    public const string MeterName = "Workspaces.Tracking";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Metric rows of log-batch and log-metric calls that were stored and acknowledged.</summary>
    public static readonly Counter<long> MetricRows = Meter.CreateCounter<long>("workspaces.ingested_metric_rows", "{row}",
        "Metric rows stored by log-batch and log-metric and acknowledged to the client");
}
