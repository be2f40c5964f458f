using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>
/// SIGTERM to the real server process (issue 18 §3): running log-batches finish and are stored, a new request on a
/// connection kept alive from before gets 503 with <c>Retry-After</c>, readiness fails, liveness holds, and the
/// process exits with 0.
/// </summary>
public sealed class GracefulShutdownProcessTests : IDisposable
{
    private const int Batches = 3;
    private const int PointsPerBatch = 200;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ws-drain-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_lets_running_ingestion_finish_and_answers_new_requests_503_with_retry_after()
    {
        var port = ServerProcess.FreePort();
        string[] args = ["--backend-store-uri", $"sqlite:///{Path.Combine(_directory.FullName, "drain.db")}", "--port", $"{port}",
            "--Server:ShutdownTimeoutSeconds=30"];
        string run;
        await using (var server = ServerProcess.Start(args))
        {
            using var probe = await server.WaitUntilHealthyAsync(port);
            var counter = new ConnectionCounter();
            using var keptAlive = counter.Client(port);
            var tracking = new TrackingClient(new ProcessHost(keptAlive));
            run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
            Assert.Equal(1, counter.Opened);

            // Log-batches held in flight: the server has their headers and all but the last bytes of their bodies.
            using var senders = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var bodies = Enumerable.Range(0, Batches).Select(i => new GatedContent(LogBatch(run, $"m{i}"))).ToList();
            var inFlight = bodies.Select(b => senders.PostAsync("/api/2.0/mlflow/runs/log-batch", b, Ct)).ToList();
            await Task.WhenAll(bodies.Select(b => b.FirstPartSent));
            await Task.Delay(500, Ct); // time for the server to read the headers and count the requests in

            await server.SignalTermAsync();

            // New connections are still accepted during the drain (the listener stays open), and readiness fails.
            using var ready = await WaitUntilNotReadyAsync(probe);
            Assert.Equal(TimeSpan.FromSeconds(5), ready.Headers.RetryAfter?.Delta);
            Assert.Contains("shutting down", await ready.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            using (var live = await probe.SendAsync(Closing("/health/live"), Ct))
                Assert.Equal(HttpStatusCode.OK, live.StatusCode);

            // The connection kept alive from before SIGTERM: a new request on it gets the envelope and is told to retry.
            using var refused = await keptAlive.SendAsync(Json(HttpMethod.Post, "/api/2.0/mlflow/experiments/search", """{"max_results":10}"""), Ct);
            Assert.Equal(1, counter.Opened);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.True(refused.Headers.ConnectionClose);
            using (var envelope = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)))
                Assert.Equal("TEMPORARILY_UNAVAILABLE", envelope.RootElement.GetProperty("error_code").GetString());

            Assert.False(inFlight.Any(t => t.IsCompleted), "the held requests were answered before their bodies were complete");
            foreach (var body in bodies)
                body.Release();
            foreach (var response in await Task.WhenAll(inFlight))
            {
                using (response)
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        // Restarted on the same file: every row of the drained batches is there.
        await using var restarted = ServerProcess.Start(args);
        using var client = await restarted.WaitUntilHealthyAsync(port);
        for (var i = 0; i < Batches; i++)
        {
            using var history = JsonDocument.Parse(await client.GetStringAsync($"/api/2.0/mlflow/metrics/get-history?run_id={run}&metric_key=m{i}", Ct));
            Assert.Equal(PointsPerBatch, history.RootElement.GetProperty("metrics").GetArrayLength());
        }
    }

    private static string LogBatch(string run, string key)
    {
        var points = Enumerable.Range(0, PointsPerBatch).Select(step => $$"""{"key":"{{key}}","value":{{step}}.5,"timestamp":{{1_700_000_000_000L + step}},"step":{{step}}}""");
        return $$"""{"run_id":"{{run}}","metrics":[{{string.Join(',', points)}}]}""";
    }

    /// <summary>A request on a connection of its own, closed after the answer: it shows what a newcomer gets.</summary>
    private static HttpRequestMessage Closing(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.ConnectionClose = true;
        return request;
    }

    private static async Task<HttpResponseMessage> WaitUntilNotReadyAsync(HttpClient probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var response = await probe.SendAsync(Closing("/health/ready"), Ct);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                return response;
            response.Dispose();
            await Task.Delay(50, Ct);
        }
        throw new TimeoutException("/health/ready kept answering 200 after SIGTERM");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    private sealed record ProcessHost(HttpClient Client) : IApiHost
    {
        public IServiceProvider Services => throw new NotSupportedException("The server runs in another process.");
    }

    /// <summary>One pooled connection at most, and a count of the connections opened: proves which one a request used.</summary>
    private sealed class ConnectionCounter
    {
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        public HttpClient Client(int port) => new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectCallback = async (context, ct) =>
            {
                Interlocked.Increment(ref _opened);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }
}
