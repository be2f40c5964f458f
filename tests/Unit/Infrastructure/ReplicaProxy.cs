using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Workspaces.Testing;

/// <summary>
/// A real load balancer (YARP) in front of several server replicas, configured the way the README's "Deploying" section
/// tells operators to: round robin for every request, except that a client holding the affinity cookie (a browser, so
/// its Blazor circuit's WebSocket and the page that opened it) stays on the replica that set it. API clients keep no
/// cookies, so their requests alternate between replicas. Shared by the two-replica test and <c>bench --replicas 2</c>.
/// </summary>
public sealed class ReplicaProxy : IAsyncDisposable
{
    /// <summary>The cookie YARP sets to keep a browser on one replica.</summary>
    public const string AffinityCookie = ".Workspaces.Replica";

    /// <summary>Response header naming the replica that answered (<c>replica-1</c>, <c>replica-2</c>).</summary>
    public const string ReplicaHeader = "X-Workspaces-Replica";

    private readonly WebApplication _app;

    private ReplicaProxy(WebApplication app, int port) => (_app, Port) = (app, port);

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public static async Task<ReplicaProxy> StartAsync(int port, IReadOnlyList<int> replicaPorts, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var destinations = replicaPorts.Select((p, i) => (Id: $"replica-{i + 1}", Port: p))
            .ToDictionary(d => d.Id, d => new DestinationConfig { Address = $"http://127.0.0.1:{d.Port}/" }, StringComparer.Ordinal);
        RouteConfig[] routes = [new() { RouteId = "everything", ClusterId = "replicas", Match = new RouteMatch { Path = "{**path}" } }];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = "replicas",
                LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "Cookie", AffinityKeyName = AffinityCookie },
                // A replica that stops answering /health/ready (draining, restarting, gone) gets no new requests, and a
                // browser pinned to it is moved: its circuit is lost, Blazor reloads the page on the replica it lands on.
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true, Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(1), Policy = "ConsecutiveFailures", Path = "/health/ready",
                    },
                    Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(2) },
                },
                Destinations = destinations,
            },
        ];
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters).AddTransforms(transforms => transforms.AddResponseTransform(context =>
        {
            // Tells tests which replica answered (a browser test must stop the one its circuit lives on).
            if (context.HttpContext.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.DestinationId is { } replica)
                context.HttpContext.Response.Headers[ReplicaHeader] = replica;
            return ValueTask.CompletedTask;
        }));
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync(ct);
        return new ReplicaProxy(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
