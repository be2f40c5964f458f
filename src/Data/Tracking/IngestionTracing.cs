using System.Diagnostics;

namespace Workspaces.Data.Tracking;

/// <summary>
/// The tracking store's own spans, exported when the host turns tracing on (<c>Server:OtlpTracesEndpoint</c> or the
/// <c>OTEL_EXPORTER_OTLP_*</c> variables). Without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null, so this costs nothing when tracing is off.
/// </summary>
public static class IngestionTracing
{
    public const string SourceName = "Workspaces.Tracking";

    public static readonly ActivitySource Source = new(SourceName);
}
