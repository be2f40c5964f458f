using System.Net;
using System.Text;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>
/// Issue 18: the server behind PgBouncer in transaction pooling mode (what test.sh starts in front of the test
/// PostgreSQL; <c>WORKSPACES_TEST_PGBOUNCER</c>). Consecutive transactions of one request land on different server
/// connections, so anything kept in a database session (prepared statements, session variables, advisory locks,
/// temporary tables, LISTEN) would break here.
/// </summary>
public sealed class PgBouncerTests
{
    public const string Variable = "WORKSPACES_TEST_PGBOUNCER";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_works_through_pgbouncer_in_transaction_mode()
    {
        var bouncer = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(bouncer))
        {
            if (PostgresDb.InCi)
                throw new InvalidOperationException($"{Variable} is not set: test.sh starts PgBouncer in front of the test PostgreSQL.");
            Assert.Skip($"{Variable} is not set");
        }
        await using var database = await PostgresDb.CreateAsync() ?? throw new InvalidOperationException($"{PostgresDb.Variable} is not set");
        // The same database, reached through the pooler: only host and port change.
        var direct = new Uri(database.StoreUri);
        var pooled = new UriBuilder(direct) { Host = new Uri(bouncer).Host, Port = new Uri(bouncer).Port }.Uri.ToString();

        var port = ServerProcess.FreePort();
        // A fresh database: the schema is created through the pooler too, on the server's first start.
        await using var server = ServerProcess.Start(["--app-name", "basic-auth", "--backend-store-uri", pooled, "--port", $"{port}", "--enable-workspaces"]);
        using var http = await server.WaitUntilHealthyAsync(port);
        var admin = new AuthClient(http, "admin", ReplicaCluster.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready", Ct)).StatusCode);
        await ApiAssert.Ok(await admin.PostAsync("/api/3.0/mlflow/workspaces", """{"name":"pooled"}"""), HttpStatusCode.Created);
        await ApiAssert.Ok(await admin.PostAsync("/api/2.0/mlflow/users/create", """{"username":"pat","password":"pw-123456789"}"""));
        await ApiAssert.Ok(await admin.PostAsync("/api/3.0/mlflow/workspaces/pooled/permissions", """{"username":"pat","permission":"EDIT"}"""));
        var pat = new AuthClient(http, "pat", "pw-123456789", "pooled");
        var experiment = (await ApiAssert.Ok(await pat.PostAsync("/api/2.0/mlflow/experiments/create", """{"name":"e"}"""))).GetProperty("experiment_id").GetString();

        // Eight clients at once, each batch one transaction on whichever server connection PgBouncer hands out.
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            var run = (await ApiAssert.Ok(await pat.PostAsync("/api/2.0/mlflow/runs/create", $$"""{"experiment_id":"{{experiment}}"}""")));
            var runId = run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
            for (var batch = 0; batch < 10; batch++)
                await ApiAssert.Ok(await pat.PostAsync("/api/2.0/mlflow/runs/log-batch", Batch(runId, batch, i)));
            return runId;
        }));

        var found = (await ApiAssert.Ok(await pat.PostAsync("/api/2.0/mlflow/runs/search",
            $$"""{"experiment_ids":["{{experiment}}"],"filter":"metrics.loss >= 4","order_by":["metrics.loss DESC"],"max_results":100}""")));
        Assert.Equal(4, found.GetProperty("runs").GetArrayLength());
        var history = (await ApiAssert.Ok(await pat.GetAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runs[0]}&metric_key=loss&max_results=25000")));
        Assert.Equal(1000, history.GetProperty("metrics").GetArrayLength());

        // The browser sign-in: antiforgery and cookie keys are read from and written to the database through the pooler.
        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = http.BaseAddress };
        var cookie = await HttpLogin.SignInAsync(browser, "pat", "pw-123456789");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/3.0/mlflow/workspaces");
        request.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request, Ct)).StatusCode);

        await ApiAssert.Ok(await admin.SendAsync(HttpMethod.Delete, "/api/3.0/mlflow/workspaces/pooled?mode=CASCADE"), HttpStatusCode.NoContent);
        Assert.DoesNotContain("error", server.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    private static string Batch(string runId, int batch, int client)
    {
        var text = new StringBuilder($$"""{"run_id":"{{runId}}","metrics":[""");
        for (var j = 0; j < 100; j++)
            text.Append(j == 0 ? "" : ",").Append($$"""{"key":"loss","value":{{client}},"timestamp":{{1700000000000 + j}},"step":{{(batch * 100) + j}}}""");
        return text.Append("]}").ToString();
    }
}
