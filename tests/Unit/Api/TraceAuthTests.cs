using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Trace permissions (reference mlflow-tracing.md §4.2, newest column): READ reads and searches, EDIT starts, tags,
/// assesses and links, MANAGE deletes; a trace in a workspace the caller cannot see is 404 like a missing one.
/// Users of <see cref="AuthWorld{TDb}"/>: alice READ, carol EDIT, bob MANAGE on team-a; erin EDIT on E1 only;
/// frank team-a READ but NO_PERMISSIONS on E1; dave nothing.
/// </summary>
public abstract class TraceAuthTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private const string V3 = "/api/3.0/mlflow/traces";

    private static async Task Expect(Task<HttpResponseMessage> call, HttpStatusCode status, string who)
    {
        var response = await call;
        Assert.True(response.StatusCode == status,
            $"{who}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    private async Task<string> AdminTraceAsync()
    {
        var id = TraceTestClient.NewTraceId();
        await Expect(world.Admin.PostAsync(V3, TraceTestClient.TraceInfo(id, world.E1)), HttpStatusCode.OK, "admin");
        return id;
    }

    [Fact]
    public async Task Each_operation_needs_its_level_on_the_experiment()
    {
        var id = await AdminTraceAsync();
        var (ok, forbidden, hidden) = (HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        // who → (read, edit, manage) outcomes
        var table = new (string User, HttpStatusCode Read, HttpStatusCode Edit, HttpStatusCode Manage)[]
        {
            ("alice", ok, forbidden, forbidden),
            ("carol", ok, ok, forbidden),
            ("bob", ok, ok, ok),
            ("erin", ok, ok, forbidden),
            ("frank", forbidden, forbidden, forbidden),
        };
        foreach (var (user, read, edit, manage) in table)
        {
            var c = world.As(user);
            await Expect(c.GetAsync($"{V3}/{id}"), read, $"{user} get-info");
            await Expect(c.GetAsync($"{V3}/get?trace_id={id}"), read, $"{user} get");
            await Expect(c.PostAsync($"{V3}/search", TraceTestClient.Locations(world.E1)), read, $"{user} search");
            await Expect(c.PostAsync($"{V3}/calculate-filter-correlation",
                $$"""{"experiment_ids":["{{world.E1}}"],"filter_string1":"status = 'OK'","filter_string2":"tag.k = 'v'"}"""), read, $"{user} correlation");
            await Expect(c.PostAsync($"{V3}/batchGetInfos", $$"""{"trace_ids":["{{id}}"]}"""), read, $"{user} batchGetInfos");
            await Expect(c.SendAsync(HttpMethod.Patch, $"{V3}/{id}/tags", """{"key":"k","value":"v"}"""), edit, $"{user} set-tag");
            await Expect(c.PostAsync(V3, TraceTestClient.TraceInfo(TraceTestClient.NewTraceId(), world.E1)), edit, $"{user} start");
            await Expect(c.PostAsync($"{V3}/{id}/assessments", """{"assessment":{"assessment_name":"n","feedback":{"value":1}}}"""), edit, $"{user} assess");
            await Expect(c.PostAsync("/api/2.0/mlflow/traces/link-prompts", $$"""{"trace_id":"{{id}}","prompt_versions":[{"name":"p","version":"1"}]}"""),
                edit, $"{user} link-prompts");
            await Expect(c.PostAsync("/api/2.0/mlflow/traces/link-to-run", $$"""{"trace_ids":["{{id}}"],"run_id":"{{world.RunE1}}"}"""), edit, $"{user} link-to-run");
            var victim = manage == ok ? await AdminTraceAsync() : id;
            await Expect(c.PostAsync($"{V3}/delete-traces", $$"""{"experiment_id":"{{world.E1}}","request_ids":["{{victim}}"]}"""), manage, $"{user} delete");
        }
        // Without any grant the workspace is invisible: the trace is not found.
        await Expect(world.As("dave").GetAsync($"{V3}/{id}"), hidden, "dave get-info");
    }

    [Fact]
    public async Task Search_without_locations_is_refused_and_another_workspace_is_hidden()
    {
        await Expect(world.As("alice").PostAsync($"{V3}/search", """{"locations":[]}"""), HttpStatusCode.Forbidden, "alice");
        await Expect(world.As("alice").PostAsync($"{V3}/calculate-filter-correlation", """{"filter_string1":"status = 'OK'","filter_string2":"status = 'OK'"}"""),
            HttpStatusCode.Forbidden, "alice correlation without experiments");
        var id = await AdminTraceAsync();
        await Expect(world.Admin.In("team-b").GetAsync($"{V3}/{id}"), HttpStatusCode.NotFound, "admin in team-b");
    }
}

public sealed class TraceAuthTests_Sqlite(AuthWorld<SqliteDb> w) : TraceAuthTests<SqliteDb>(w);

public sealed class TraceAuthTests_Postgres(AuthWorld<PostgresDb> w) : TraceAuthTests<PostgresDb>(w);

public sealed class TraceAuthTests_MySql(AuthWorld<MySqlDb> w) : TraceAuthTests<MySqlDb>(w);
