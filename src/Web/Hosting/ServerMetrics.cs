using OpenTelemetry.Metrics;
using Workspaces.Data.Tracking;

namespace Workspaces.Web.Hosting;

/// <summary>
/// <c>Server:Metrics</c>: OpenTelemetry metrics scraped by Prometheus at <c>/metrics</c>. Request rate and latency come per
/// route template (never per path), plus the ingested metric rows, Blazor's active circuits and Npgsql's connection
/// pool. No workspace or user labels: their number is unbounded.
/// </summary>
public static class ServerMetrics
{
    public const string Path = "/metrics";

    // Through the typed settings: a malformed value is the start-up checks' one-line error, not an exception here.
    private static bool Enabled(IConfiguration configuration) => StartupChecks.ReadSettings(configuration) is { IsSuccess: true, Value.Metrics: true };

    public static IServiceCollection AddServerMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        if (Enabled(configuration))
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(IngestionMetrics.MeterName, "Microsoft.AspNetCore.Components.Server.Circuits", "Npgsql")
                .AddPrometheusExporter());
        }
        return services;
    }

    public static void MapServerMetrics(this WebApplication app)
    {
        if (Enabled(app.Configuration))
            app.MapPrometheusScrapingEndpoint(Path);
    }
}
