using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Workspaces.Data.Tracking;

namespace Workspaces.Web.Hosting;

/// <summary>
/// OpenTelemetry traces of the server itself, exported over OTLP, on only when an endpoint is configured:
/// <c>Server:OtlpTracesEndpoint</c>, or the standard <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> /
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter reads the latter itself, with <c>OTEL_EXPORTER_OTLP_HEADERS</c>
/// and <c>_TIMEOUT</c>). Spans: every request but the probes (route template, method, status), outgoing HttpClient calls, and
/// the tracking store's writes. No bodies and no headers are recorded; query strings keep their names only (the
/// instrumentation redacts the values, which may carry tokens).
/// </summary>
public static class ServerTracing
{
    public const string ServiceName = "workspaces";

    public const string EndpointSetting = "Server:OtlpTracesEndpoint";

    /// <summary>The endpoints read here rather than by the exporter: the start-up checks refuse a malformed one.</summary>
    public static readonly string[] ParsedEndpoints = [EndpointSetting, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"];

    private static readonly string[] EndpointVariables = [.. ParsedEndpoints, "OTEL_EXPORTER_OTLP_ENDPOINT"];

    /// <summary>On when any endpoint is set, unless <c>OTEL_TRACES_EXPORTER=none</c> says otherwise (the standard off switch).</summary>
    public static bool Enabled(IConfiguration configuration) =>
        EndpointVariables.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
        && !string.Equals(configuration["OTEL_TRACES_EXPORTER"], "none", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddServerTracing(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration))
            return services;
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service instead (the SDK reads it).
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                    resource.AddService(ServiceName, serviceVersion: typeof(ServerTracing).Assembly.GetName().Version?.ToString());
            })
            .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path.Value))
            .AddHttpClientInstrumentation()
            .AddSource(IngestionTracing.SourceName)
            .AddOtlpExporter(options => Configure(options, configuration)));
        return services;
    }

    /// <summary>
    /// http/protobuf unless a protocol variable asks for gRPC: port 4318 is what collectors and proxies most often
    /// expose, and it needs no HTTP/2. The exporter reads only the variables common to all signals, so the traces-only
    /// ones (which win, as the specification says) are applied here. A traces URL is taken as it is, except that a
    /// bare <c>Server:OtlpTracesEndpoint</c> (no path) gets <c>/v1/traces</c>, as a base from
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> does.
    /// </summary>
    private static void Configure(OtlpExporterOptions options, IConfiguration configuration)
    {
        var protocol = configuration["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        options.Protocol = string.Equals(protocol?.Trim(), "grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        if (configuration[EndpointSetting] is { Length: > 0 } setting)
        {
            var uri = new Uri(setting, UriKind.Absolute);
            options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf && uri.AbsolutePath == "/" ? new Uri(uri, "v1/traces") : uri;
        }
        else if (configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] is { Length: > 0 } traces)
        {
            options.Endpoint = new Uri(traces, UriKind.Absolute);
        }
    }

    /// <summary>Probes and scrapes every few seconds would bury the requests worth looking at.</summary>
    private static bool IsProbe(string? path) =>
        path is not null && (path.StartsWith("/health", StringComparison.OrdinalIgnoreCase) || path.Equals(ServerMetrics.Path, StringComparison.OrdinalIgnoreCase));
}
