using System.Diagnostics;
using System.Net;
using System.Text;
using Workspaces.Data.Common;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>
/// Issue 18: two server processes on one PostgreSQL behind a round-robin YARP load balancer. Nothing that matters may
/// live in one process: cookies made by one replica work on the other, a lockout counted on one is enforced on the
/// other, a revoked grant or deleted workspace is enforced everywhere within <see cref="ReplicaCaches.Bound"/>, and
/// under load (including a replica restarted mid-way) the rows stored are exactly the rows acknowledged.
/// </summary>
public sealed partial class TwoReplicaTests(ReplicaCluster cluster) : IClassFixture<ReplicaCluster>
{
    private const string A = "replica A";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private void RequirePostgres()
    {
        if (cluster.Database is null)
            Assert.Skip($"{PostgresDb.Variable} is not set");
    }

    private static HttpRequestMessage Request(HttpMethod method, string url, string? json = null, string? workspace = null,
        (string User, string Password)? as_ = null, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (workspace is not null)
            request.Headers.Add("X-MLFLOW-WORKSPACE", workspace);
        var (user, password) = as_ ?? ("admin", ReplicaCluster.AdminPassword);
        if (cookie is null)
            request.Headers.Authorization = ReplicaCluster.Basic(user, password);
        else
            request.Headers.Add("Cookie", cookie);
        return request;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? json = null,
        string? workspace = null, (string, string)? as_ = null) =>
        await client.SendAsync(Request(method, url, json, workspace, as_), Ct);

    private static async Task OkAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode} {body}");
    }

    [Fact]
    public async Task A_cookie_signed_in_through_the_proxy_works_on_both_replicas()
    {
        RequirePostgres();
        using var proxy = cluster.ThroughProxy();
        // The login page and the form post go to different replicas (round robin, no affinity cookie sent): the antiforgery
        // pair made by one is accepted by the other, because the Data Protection keys live in the shared database.
        var form = await HttpLogin.FormAsync(proxy);
        var posted = await HttpLogin.PostAsync(proxy, "admin", ReplicaCluster.AdminPassword, form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var session = HttpLogin.Cookie(posted, TestBrowser.SessionCookie);

        for (var i = 0; i < 2; i++)
        {
            using var direct = cluster.Direct(i);
            var signedIn = await direct.SendAsync(Request(HttpMethod.Get, "/api/3.0/mlflow/workspaces", cookie: session), Ct);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            var anonymous = await direct.GetAsync("/api/3.0/mlflow/workspaces", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
    }

    [Fact]
    public async Task A_user_locked_out_on_one_replica_is_refused_on_the_other()
    {
        RequirePostgres();
        using var a = cluster.Direct(0);
        using var b = cluster.Direct(1);
        await OkAsync(await SendAsync(a, HttpMethod.Post, "/api/2.0/mlflow/users/create", """{"username":"locked","password":"pw-123456789"}"""), "create user");
        var form = await HttpLogin.FormAsync(a);
        HttpStatusCode last = 0;
        for (var i = 0; i < 12 && last != HttpStatusCode.TooManyRequests; i++)
            last = (await HttpLogin.PostAsync(a, "locked", "wrong-password", form)).StatusCode;
        Assert.Equal(HttpStatusCode.TooManyRequests, last);

        var right = await HttpLogin.PostAsync(b, "locked", "pw-123456789", form);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("Too many failed sign-in attempts", await right.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_revoked_on_one_replica_is_enforced_on_the_other_within_the_bound()
    {
        RequirePostgres();
        using var a = cluster.Direct(0);
        using var b = cluster.Direct(1);
        var bob = ("bob", "pw-123456789");
        await OkAsync(await SendAsync(a, HttpMethod.Post, "/api/2.0/mlflow/users/create", """{"username":"bob","password":"pw-123456789"}"""), "create user");
        await OkAsync(await SendAsync(a, HttpMethod.Post, "/api/3.0/mlflow/workspaces", """{"name":"revoked"}"""), "create workspace");
        await OkAsync(await SendAsync(a, HttpMethod.Post, "/api/3.0/mlflow/workspaces/revoked/permissions", """{"username":"bob","permission":"READ"}"""), "grant");
        const string search = "/api/2.0/mlflow/experiments/search";
        // B has read (and cached) the grant before A revokes it.
        await OkAsync(await SendAsync(b, HttpMethod.Post, search, """{"max_results":10}""", "revoked", bob), "bob reads on " + A);

        await OkAsync(await SendAsync(a, HttpMethod.Delete, "/api/3.0/mlflow/workspaces/revoked/permissions", """{"username":"bob"}"""), "revoke");
        var took = await UntilAsync(async () => !(await SendAsync(b, HttpMethod.Post, search, """{"max_results":10}""", "revoked", bob)).IsSuccessStatusCode);
        Assert.True(took < ReplicaCaches.Bound, $"replica B still served a revoked grant after {took.TotalMilliseconds:F0} ms");
        TestContext.Current.SendDiagnosticMessage($"grant revoked on A refused on B after {took.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_workspace_deleted_on_one_replica_is_gone_on_the_other_within_the_bound()
    {
        RequirePostgres();
        using var a = cluster.Direct(0);
        using var b = cluster.Direct(1);
        await OkAsync(await SendAsync(a, HttpMethod.Post, "/api/3.0/mlflow/workspaces", """{"name":"deleted-on-a"}"""), "create workspace");
        await OkAsync(await SendAsync(b, HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"e1"}""", "deleted-on-a"), "create on B");

        await OkAsync(await SendAsync(a, HttpMethod.Delete, "/api/3.0/mlflow/workspaces/deleted-on-a?mode=CASCADE"), "delete");
        var took = await UntilAsync(async () =>
            (await SendAsync(b, HttpMethod.Post, "/api/2.0/mlflow/experiments/search", """{"max_results":10}""", "deleted-on-a")).StatusCode == HttpStatusCode.NotFound);
        Assert.True(took < ReplicaCaches.Bound, $"replica B still served a deleted workspace after {took.TotalMilliseconds:F0} ms");
        TestContext.Current.SendDiagnosticMessage($"workspace deleted on A gone on B after {took.TotalMilliseconds:F0} ms");
        var created = await SendAsync(b, HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"e2"}""", "deleted-on-a");
        Assert.Equal(HttpStatusCode.NotFound, created.StatusCode);
    }

    [Fact]
    public async Task A_session_ended_on_one_replica_is_refused_on_the_other_within_the_bound()
    {
        RequirePostgres();
        using var a = cluster.Direct(0);
        using var b = cluster.Direct(1);
        await OkAsync(await SendAsync(a, HttpMethod.Post, "/api/2.0/mlflow/users/create", """{"username":"carol","password":"pw-123456789"}"""), "create user");
        var form = await HttpLogin.FormAsync(b);
        var posted = await HttpLogin.PostAsync(b, "carol", "pw-123456789", form);
        var session = HttpLogin.Cookie(posted, TestBrowser.SessionCookie);
        Assert.Equal(HttpStatusCode.OK, (await b.SendAsync(Request(HttpMethod.Get, "/api/3.0/mlflow/workspaces", cookie: session), Ct)).StatusCode);

        // A password change ends every session of the user; A does it, B has just checked (and cached) the session.
        await OkAsync(await SendAsync(a, HttpMethod.Patch, "/api/2.0/mlflow/users/update-password", """{"username":"carol","password":"pw-987654321"}"""), "change password");
        var took = await UntilAsync(async () =>
            (await b.SendAsync(Request(HttpMethod.Get, "/api/3.0/mlflow/workspaces", cookie: session), Ct)).StatusCode == HttpStatusCode.Unauthorized);
        Assert.True(took < ReplicaCaches.Bound, $"replica B still accepted an ended session after {took.TotalMilliseconds:F0} ms");
        TestContext.Current.SendDiagnosticMessage($"session ended on A refused on B after {took.TotalMilliseconds:F0} ms");
    }

    /// <summary>Polls every 50 ms until the condition holds (at most 10 s) and returns how long that took.</summary>
    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the change never reached the other replica");
            await Task.Delay(50, Ct);
        }
        return clock.Elapsed;
    }
}
