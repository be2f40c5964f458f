using System.Globalization;
using Workspaces.Api.Errors;
using Workspaces.Api.Routing;
using Workspaces.Data.Errors;

namespace Workspaces.Web.Hosting;

/// <summary>
/// Counts requests in and out for <see cref="ShutdownDrain"/> and, once the drain has begun, answers new ones 503 with
/// <c>Retry-After</c>: the MLflow envelope (<c>TEMPORARILY_UNAVAILABLE</c>) on API paths, which MLflow clients retry, and
/// <c>/health/ready</c> fails so a load balancer takes this replica out. <c>/health</c> and <c>/health/live</c> keep
/// answering 200 until the process exits: the process is alive, and an orchestrator must not kill it mid-drain.
/// </summary>
public sealed class DrainMiddleware(RequestDelegate next, ShutdownDrain drain)
{
    public const string Message = "The server is shutting down; retry in a few seconds.";

    private const string NotReadyJson = """{"status":"not ready","checks":{"shutdown":"the server is shutting down"}}""";

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value;
        if (IsLiveness(path))
        {
            await next(http);
            return;
        }
        // Blazor's circuit connections live as long as the browser tab: SignalR closes them itself when the host stops,
        // and waiting for them would hold every shutdown to its timeout.
        var counted = !http.WebSockets.IsWebSocketRequest && !IsCircuit(path);
        if (counted ? !drain.TryEnter() : drain.IsDraining)
        {
            await RefuseAsync(http, path);
            return;
        }
        try
        {
            await next(http);
        }
        finally
        {
            if (counted)
                drain.Exit();
        }
    }

    private static bool IsLiveness(string? path) =>
        string.Equals(path, "/health", StringComparison.OrdinalIgnoreCase) || string.Equals(path, "/health/live", StringComparison.OrdinalIgnoreCase);

    private static bool IsCircuit(string? path) => path is not null && path.StartsWith("/_blazor", StringComparison.OrdinalIgnoreCase);

    private static Task RefuseAsync(HttpContext http, string? path)
    {
        http.Response.Headers.RetryAfter = ShutdownDrain.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        // A client or proxy that reuses this connection would keep landing on a replica that is going away.
        if (HttpProtocol.IsHttp11(http.Request.Protocol) || HttpProtocol.IsHttp10(http.Request.Protocol))
            http.Response.Headers.Connection = "close";
        if (MlflowRoutes.IsApiPath(path) || MlflowRoutes.IsGatewayPath(path))
            return MlflowResults.WriteAsync(http, new Error(ErrorCode.TemporarilyUnavailable, Message));
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        var ready = string.Equals(path, "/health/ready", StringComparison.OrdinalIgnoreCase);
        // The readiness answer keeps its usual shape, the reason in place of the checks it no longer runs.
        http.Response.ContentType = ready ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
        return http.Response.WriteAsync(ready ? NotReadyJson : Message, http.RequestAborted);
    }
}

public static class ShutdownDrainExtensions
{
    /// <summary>The drain, and <c>Server:ShutdownTimeoutSeconds</c> as the host's shutdown timeout (the drain's bound).</summary>
    public static IServiceCollection AddShutdownDrain(this IServiceCollection services)
    {
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        // Read from the resolved configuration (test hosts add theirs late); a malformed value is left to the start-up
        // checks, which stop the server with one line before it ever runs.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (StartupChecks.ReadSettings(configuration) is { IsSuccess: true, Value.ShutdownTimeoutSeconds: >= 0 and <= 3600 and var seconds })
                options.ShutdownTimeout = TimeSpan.FromSeconds(seconds);
        });
        return services;
    }

    /// <summary>Call right after the error envelope middleware, before routing: refused requests skip all the rest.</summary>
    public static IApplicationBuilder UseShutdownDrain(this WebApplication app)
    {
        var drain = app.Services.GetRequiredService<ShutdownDrain>();
        // The earliest signal: fires as soon as SIGTERM arrives, before the host stops anything.
        app.Lifetime.ApplicationStopping.Register(drain.Begin);
        return app.UseMiddleware<DrainMiddleware>();
    }
}
