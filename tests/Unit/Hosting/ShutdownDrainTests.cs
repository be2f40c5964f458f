using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workspaces.Data.Common;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Hosting;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>
/// The drain in process: the host is told to stop while a log-batch is held in flight, so every answer during the
/// drain can be looked at, and the host finishes stopping only after that request (the process test shows the same
/// over a real socket and SIGTERM).
/// </summary>
public sealed class ShutdownDrainTests
{
    private const int Points = 50;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_refuses_new_requests_with_503_while_the_running_log_batch_finishes_and_is_stored()
    {
        await using var host = new ApiFixture<SqliteDb, DefaultProfile>();
        await host.InitializeAsync();
        var tracking = new TrackingClient(host);
        var run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
        var drain = host.Services.GetRequiredService<ShutdownDrain>();

        // Straight to the test server: the factory's default client buffers request bodies (to replay them on redirects).
        using var direct = ((TestServer)host.Services.GetRequiredService<IServer>()).CreateClient();
        var body = new GatedContent(LogBatch(run));
        var inFlight = direct.PostAsync("/api/2.0/mlflow/runs/log-batch", body, Ct);
        await body.FirstPartSent;
        await WaitUntilAsync(() => drain.InFlight == 1);

        // The host really stops (the entry point's RunAsync returns), so keep what is needed afterwards.
        var store = host.Services.GetRequiredService<StoreConnection>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopped.Register(stopped.SetResult);
        lifetime.StopApplication();
        Assert.True(drain.IsDraining);
        var idle = drain.WaitForIdleAsync(Ct);

        using (var refused = await tracking.PostAsync("experiments/search", """{"max_results":10}"""))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(ShutdownDrain.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            Assert.True(refused.Headers.ConnectionClose);
            using var envelope = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
            Assert.Equal("TEMPORARILY_UNAVAILABLE", envelope.RootElement.GetProperty("error_code").GetString());
            Assert.Equal(DrainMiddleware.Message, envelope.RootElement.GetProperty("message").GetString());
        }
        using (var page = await host.Client.GetAsync("/", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("text/plain", page.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(page.Headers.RetryAfter);
        }
        using (var ready = await host.Client.GetAsync("/health/ready", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Ct));
            Assert.Equal("not ready", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("the server is shutting down", json.RootElement.GetProperty("checks").GetProperty("shutdown").GetString());
        }
        Assert.Equal("OK", await host.Client.GetStringAsync("/health/live", Ct));
        Assert.Equal("OK", await host.Client.GetStringAsync("/health", Ct));

        // The refused requests were never counted; the held one still is, and the drain waits for it.
        Assert.Equal(1, drain.InFlight);
        Assert.False(idle.IsCompleted);
        Assert.False(inFlight.IsCompleted);
        Assert.False(stopped.Task.IsCompleted);
        body.Release();
        using (var done = await inFlight)
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await idle.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var workspace = new WorkspaceContext();
        workspace.Bind(WorkspaceNames.Default);
        await using var db = store.CreateContext(workspace);
        Assert.Equal(Points, await db.Metrics.CountAsync(m => m.RunUuid == run, Ct));
    }

    [Fact]
    public async Task The_drain_gives_up_when_the_shutdown_timeout_fires()
    {
        await using var host = new ApiFixture<SqliteDb, DefaultProfile>();
        await host.InitializeAsync();
        var drain = host.Services.GetRequiredService<ShutdownDrain>();
        Assert.True(drain.TryEnter()); // a request that never ends
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await drain.WaitForIdleAsync(timeout.Token); // returns (logging what is left) instead of throwing or hanging

        Assert.False(drain.TryEnter());
        drain.Exit();
    }

    [Fact]
    public async Task Server_ShutdownTimeoutSeconds_is_the_hosts_shutdown_timeout()
    {
        await using var host = new ApiFixture<SqliteDb, ShortShutdownProfile>();
        await host.InitializeAsync();
        Assert.Equal(TimeSpan.FromSeconds(7), host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    private static string LogBatch(string run)
    {
        var points = Enumerable.Range(0, Points).Select(step => $$"""{"key":"loss","value":{{step}},"timestamp":{{1_700_000_000_000L + step}},"step":{{step}}}""");
        return $$"""{"run_id":"{{run}}","metrics":[{{string.Join(',', points)}}]}""";
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the held request never reached the server's pipeline");
            await Task.Delay(20, Ct);
        }
    }

    public sealed class ShortShutdownProfile : ISettingsProfile
    {
        public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(DefaultProfile.Settings)
        {
            ["Server:ShutdownTimeoutSeconds"] = "7",
        };
    }
}
