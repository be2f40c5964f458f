using System.Net;
using System.Text;
using System.Text.Json;

namespace Workspaces.Tests.Unit.Hosting;

public sealed partial class TwoReplicaTests
{
    private const int Clients = 16;
    private const int MetricsPerBatch = 200;

    /// <summary>
    /// Sixteen MLflow-like clients log batches through the load balancer while replica B is restarted (SIGTERM, then
    /// started again). A client retries a batch until it is acknowledged, as MLflow's client does; re-sending identical
    /// points is harmless (duplicates are ignored), so the rows stored must equal the rows acknowledged exactly: a lost
    /// acknowledged write shows as fewer rows, a half-written failed batch as more.
    /// </summary>
    [Fact]
    public async Task Log_batches_through_the_proxy_store_exactly_what_was_acknowledged_across_a_replica_restart()
    {
        RequirePostgres();
        using var proxy = cluster.ThroughProxy();
        await OkAsync(await SendAsync(proxy, HttpMethod.Post, "/api/3.0/mlflow/workspaces", """{"name":"load"}"""), "create workspace");
        var experiment = await OkJsonAsync(await SendAsync(proxy, HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"load"}""", "load"));
        var experimentId = experiment.GetProperty("experiment_id").GetString();
        var runs = new List<string>();
        for (var i = 0; i < Clients; i++)
        {
            var run = await OkJsonAsync(await SendAsync(proxy, HttpMethod.Post, "/api/2.0/mlflow/runs/create", $$"""{"experiment_id":"{{experimentId}}"}""", "load"));
            runs.Add(run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!);
        }

        var acknowledged = new long[Clients];
        var refused = 0;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(i => Task.Run(async () =>
        {
            using var http = cluster.ThroughProxy();
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var body = Batch(runs[i], batch);
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!await TryLogAsync(http, body))
                {
                    Interlocked.Increment(ref refused);
                    Assert.True(DateTime.UtcNow < deadline, "a batch was refused for a minute");
                    await Task.Delay(50, Ct);
                }
                acknowledged[i] += MetricsPerBatch;
            }
        }, Ct)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var exitCode = await cluster.RestartAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Equal(0, exitCode);
        var ids = string.Join(", ", runs.Select(r => $"'{r}'"));
        var stored = await cluster.CountAsync($"SELECT count(*) FROM metrics WHERE run_uuid IN ({ids})");
        Assert.True(acknowledged.Sum() > Clients * MetricsPerBatch, "the clients hardly logged anything");
        Assert.Equal(acknowledged.Sum(), stored);
        TestContext.Current.SendDiagnosticMessage($"two replicas: {stored} rows acknowledged and stored, {refused} attempts refused during the restart");
    }

    private static async Task<bool> TryLogAsync(HttpClient http, string body)
    {
        try
        {
            using var response = await http.SendAsync(Request(HttpMethod.Post, "/api/2.0/mlflow/runs/log-batch", body, "load"), Ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // the replica went away mid-request; whether it committed or not, the retry makes it whole
        }
    }

    private static string Batch(string runId, int batch)
    {
        var text = new StringBuilder($$"""{"run_id":"{{runId}}","metrics":[""");
        for (var j = 0; j < MetricsPerBatch; j++)
            text.Append(j == 0 ? "" : ",").Append($$"""{"key":"m{{j % 4}}","value":{{j}},"timestamp":1700000000000,"step":{{(batch * MetricsPerBatch) + j}}}""");
        return text.Append("]}").ToString();
    }

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
