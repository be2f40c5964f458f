using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Reference mlflow-auth.md §7 adapted to SPEC's decisions: EDIT creates; a resource in a workspace the
/// caller cannot see (and holds no grant on) is 404, not 403.
/// </summary>
public abstract class AuthMatrixTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";

    private static async Task Status(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    private static async Task Forbidden(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Permission denied", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private Task<HttpResponseMessage> GetExperiment(string user, string id, string ws = "team-a") =>
        world.As(user).In(ws).GetAsync($"{Api}/experiments/get?experiment_id={id}");

    private Task<HttpResponseMessage> Update(string user, string id) =>
        world.As(user).PostAsync($"{Api}/experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"renamed-{{Guid.NewGuid():N}}"}""");

    [Fact]
    public async Task Missing_or_wrong_credentials_are_401_with_the_basic_challenge()
    {
        foreach (var client in new[] { world.Anonymous, world.As("alice", "wrong-password-1") })
        {
            var response = await client.GetAsync($"{Api}/experiments/get?experiment_id={world.E1}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic realm=\"mlflow\"", response.Headers.WwwAuthenticate.ToString());
            Assert.StartsWith("You are not authenticated.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        await Status(world.Anonymous.GetAsync("/health"), HttpStatusCode.OK);
        await Status(world.Anonymous.GetAsync("/api/3.0/mlflow/server-info"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Readers_read_and_cannot_write()
    {
        await Status(GetExperiment("alice", world.E1), HttpStatusCode.OK);
        await Forbidden(Update("alice", world.E1));
        await Status(world.As("alice").GetAsync($"{Api}/runs/get?run_id={world.RunE1}"), HttpStatusCode.OK);
        await Forbidden(world.As("alice").PostAsync($"{Api}/runs/log-metric", $$"""{"run_id":"{{world.RunE1}}","key":"m","value":1,"timestamp":1}"""));
    }

    [Fact]
    public async Task Editors_update_but_do_not_delete_and_managers_delete()
    {
        var experiment = await AuthWorld<TDb>.CreateExperimentAsync(world.Admin, "del");
        await Status(Update("carol", experiment), HttpStatusCode.OK);
        await Forbidden(world.As("carol").PostAsync($"{Api}/experiments/delete", $$"""{"experiment_id":"{{experiment}}"}"""));
        await Status(world.As("bob").PostAsync($"{Api}/experiments/delete", $$"""{"experiment_id":"{{experiment}}"}"""), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_any_grant_resources_look_missing()
    {
        var response = await GetExperiment("dave", world.E1);
        // dave holds no grant in team-a, so the workspace itself is not there for him.
        await ApiAssert.Error(response, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Workspace 'team-a' not found");
        await ApiAssert.Error(await world.As("alice").In("team-b").GetAsync($"{Api}/runs/get?run_id={world.RunF1}"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", "Workspace 'team-b' not found");
        await ApiAssert.Error(await world.As("alice").GetAsync($"{Api}/runs/get?run_id={world.RunF1}"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"Run with id={world.RunF1} not found");
        await ApiAssert.Error(await world.As("erin").GetAsync($"{Api}/registered-models/get?name=M1"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Explicit_grants_win_over_the_workspace_grant_both_ways()
    {
        await Status(GetExperiment("erin", world.E1), HttpStatusCode.OK);
        await ApiAssert.Error(await GetExperiment("erin", world.E2), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await Forbidden(GetExperiment("frank", world.E1));
        await Status(GetExperiment("frank", world.E2), HttpStatusCode.OK);
        await Forbidden(world.As("grace").PostAsync($"{Api}/experiments/delete", $$"""{"experiment_id":"{{world.E1}}"}"""));
        await Status(Update("grace", world.E2), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Edit_creates_in_a_workspace_and_the_creator_manages_it()
    {
        await Forbidden(world.As("alice").PostAsync($"{Api}/experiments/create", """{"name":"by-alice"}"""));
        await Forbidden(world.As("dave").In(null).PostAsync($"{Api}/experiments/create", """{"name":"by-dave"}"""));
        var created = await ApiAssert.Ok(await world.As("carol").PostAsync($"{Api}/experiments/create", $$"""{"name":"by-carol-{{Guid.NewGuid():N}}"}"""));
        var id = created.GetProperty("experiment_id").GetString();
        var grant = await ApiAssert.Ok(await world.As("carol").GetAsync($"{Api}/experiments/permissions/get?experiment_id={id}&username=carol"));
        Assert.Equal("MANAGE", grant.GetProperty("experiment_permission").GetProperty("permission").GetString());
        await Status(world.As("carol").PostAsync($"{Api}/experiments/delete", $$"""{"experiment_id":"{{id}}"}"""), HttpStatusCode.OK);
        var model = await ApiAssert.Ok(await world.As("carol").PostAsync($"{Api}/registered-models/create", $$"""{"name":"carol-model-{{Guid.NewGuid():N}}"}"""));
        var name = model.GetProperty("registered_model").GetProperty("name").GetString();
        await Status(world.As("carol").SendAsync(HttpMethod.Delete, $"{Api}/registered-models/delete", $$"""{"name":"{{name}}"}"""), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Workspace_lists_and_gets_follow_grants()
    {
        async Task<string[]> Names(AuthClient client)
        {
            var body = await ApiAssert.Ok(await client.In(null).GetAsync("/api/3.0/mlflow/workspaces"));
            return body.TryGetProperty("workspaces", out var list) ? list.EnumerateArray().Select(w => w.GetProperty("name").GetString()!).ToArray() : [];
        }
        Assert.Empty(await Names(world.As("dave")));
        Assert.Empty(await Names(world.As("erin")));
        Assert.Equal(["team-a"], await Names(world.As("alice")));
        // Admins see every workspace (other tests of this class add more than these).
        Assert.Subset(new HashSet<string>(await Names(world.Admin)), new HashSet<string> { "default", "team-a", "team-b" });
        await Status(world.As("frank").In(null).GetAsync("/api/3.0/mlflow/workspaces/team-a"), HttpStatusCode.OK);
        await ApiAssert.Error(await world.As("dave").In(null).GetAsync("/api/3.0/mlflow/workspaces/team-a"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await Forbidden(world.As("bob").In(null).PostAsync("/api/3.0/mlflow/workspaces", """{"name":"team-c"}"""));
    }

    [Fact]
    public async Task Managers_delegate_inside_their_workspace_only()
    {
        await Forbidden(world.As("alice").In(null).GetAsync("/api/3.0/mlflow/workspaces/team-a/permissions"));
        var list = await ApiAssert.Ok(await world.As("bob").In(null).GetAsync("/api/3.0/mlflow/workspaces/team-a/permissions"));
        Assert.All(list.GetProperty("permissions").EnumerateArray(), p => Assert.Equal("team-a", p.GetProperty("workspace").GetString()));
        var user = $"u{Guid.NewGuid():N}"[..12];
        await Status(world.Admin.PostAsync($"{Api}/users/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""), HttpStatusCode.OK);
        var granted = await ApiAssert.Ok(await world.As("bob").In(null).PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", $$"""{"username":"{{user}}","permission":"READ"}"""));
        Assert.Equal("READ", granted.GetProperty("permission").GetProperty("permission").GetString());
        await Status(GetExperiment(user, world.E2), HttpStatusCode.OK);
        await Status(world.As("bob").In(null).PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", $$"""{"username":"{{user}}","permission":"EDIT"}"""), HttpStatusCode.OK);
        await Status(Update(user, world.E2), HttpStatusCode.OK);
        await Forbidden(world.As("alice").In(null).PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", $$"""{"username":"{{user}}","permission":"READ"}"""));
        await Forbidden(world.As("bob").In(null).PostAsync("/api/3.0/mlflow/workspaces/team-b/permissions", $$"""{"username":"{{user}}","permission":"READ"}"""));
        await Status(world.As("bob").In(null).SendAsync(HttpMethod.Delete, $"/api/3.0/mlflow/workspaces/team-a/permissions?username={user}"), HttpStatusCode.NoContent);
        await ApiAssert.Error(await world.As("bob").In(null).SendAsync(HttpMethod.Delete, $"/api/3.0/mlflow/workspaces/team-a/permissions?username={user}"),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Workspace permission does not exist for workspace='team-a', username='{user}'");
    }

    [Fact]
    public async Task Workspace_permission_payloads_are_validated()
    {
        var admin = world.Admin.In(null);
        await ApiAssert.Error(await admin.PostAsync("/api/3.0/mlflow/workspaces/nope-ws/permissions", """{"username":"dave","permission":"READ"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await admin.PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", """{"username":"dave"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Workspace permission payload missing keys: permission");
        await ApiAssert.Error(await admin.PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", """{"username":"dave","permission":"OWNER"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid permission 'OWNER'. Valid permissions are: ('READ', 'USE', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')");
        await ApiAssert.Error(await admin.PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", """{"username":"ghost","permission":"READ"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "User with username=ghost not found");
        await ApiAssert.Error(await admin.SendAsync(HttpMethod.Delete, "/api/3.0/mlflow/workspaces/team-a/permissions"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'username'.");
        await Forbidden(world.As("bob").In(null).GetAsync("/api/3.0/mlflow/workspace-permissions?username=alice"));
        var alice = await ApiAssert.Ok(await admin.GetAsync("/api/3.0/mlflow/workspace-permissions?username=alice"));
        Assert.Equal("team-a", alice.GetProperty("permissions")[0].GetProperty("workspace").GetString());
    }

    [Fact]
    public async Task Experiment_and_model_grants_by_managers()
    {
        var user = $"g{Guid.NewGuid():N}"[..12];
        await Status(world.Admin.PostAsync($"{Api}/users/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""), HttpStatusCode.OK);
        var grant = $$"""{"experiment_id":"{{world.E2}}","username":"{{user}}","permission":"READ"}""";
        await Forbidden(world.As("alice").PostAsync($"{Api}/experiments/permissions/create", grant));
        await Status(world.As("bob").PostAsync($"{Api}/experiments/permissions/create", grant), HttpStatusCode.OK);
        await ApiAssert.Error(await world.As("bob").PostAsync($"{Api}/experiments/permissions/create", grant), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        await Status(GetExperiment(user, world.E2), HttpStatusCode.OK);
        await Status(world.As("bob").PostAsync($"{Api}/registered-models/permissions/create", $$"""{"name":"M1","username":"{{user}}","permission":"READ"}"""), HttpStatusCode.OK);
        await Status(world.As(user).GetAsync($"{Api}/registered-models/get?name=M1"), HttpStatusCode.OK);
        await Status(world.As("bob").SendAsync(HttpMethod.Delete, $"{Api}/experiments/permissions/delete", $$"""{"experiment_id":"{{world.E2}}","username":"{{user}}"}"""), HttpStatusCode.OK);
        await ApiAssert.Error(await GetExperiment(user, world.E2), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Searches_return_only_what_the_caller_may_read()
    {
        var experiments = await ApiAssert.Ok(await world.As("frank").PostAsync($"{Api}/experiments/search", """{"max_results":100}"""));
        var ids = experiments.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("experiment_id").GetString()).ToList();
        Assert.Contains(world.E2, ids);
        Assert.DoesNotContain(world.E1, ids);
        Assert.DoesNotContain(world.F1, ids);
        var paged = await ApiAssert.Ok(await world.As("frank").PostAsync($"{Api}/experiments/search", """{"max_results":1}"""));
        Assert.Single(paged.GetProperty("experiments").EnumerateArray());
        var runs = await ApiAssert.Ok(await world.As("alice").PostAsync($"{Api}/runs/search", $$"""{"experiment_ids":["{{world.E1}}","{{world.F1}}"]}"""));
        Assert.Equal([world.RunE1], runs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));
        var models = await ApiAssert.Ok(await world.As("erin").GetAsync($"{Api}/registered-models/search"));
        Assert.False(models.TryGetProperty("registered_models", out _));
    }

    [Fact]
    public async Task Filtered_searches_fill_every_page_and_page_tokens_walk_the_rest()
    {
        // A fresh workspace where the caller holds grants on every other experiment and model only.
        var ws = $"paging-{Guid.NewGuid():N}"[..15];
        var user = $"p{Guid.NewGuid():N}"[..12];
        var admin = world.Admin.In(ws);
        await ApiAssert.Ok(await admin.In(null).PostAsync("/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), HttpStatusCode.Created);
        await ApiAssert.Ok(await admin.PostAsync($"{Api}/users/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""));
        var readable = new List<string>();
        var readableModels = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var id = await AuthWorld<TDb>.CreateExperimentAsync(admin, $"p{i}");
            var model = $"pm{i}-{Guid.NewGuid():N}";
            await ApiAssert.Ok(await admin.PostAsync($"{Api}/registered-models/create", $$"""{"name":"{{model}}"}"""));
            if (i % 2 == 1)
                continue;
            readable.Add(id);
            readableModels.Add(model);
            await ApiAssert.Ok(await admin.PostAsync($"{Api}/experiments/permissions/create", $$"""{"experiment_id":"{{id}}","username":"{{user}}","permission":"READ"}"""));
            await ApiAssert.Ok(await admin.PostAsync($"{Api}/registered-models/permissions/create", $$"""{"name":"{{model}}","username":"{{user}}","permission":"READ"}"""));
        }

        async Task<List<string>> Walk(string path, string listField, string idField)
        {
            var seen = new List<string>();
            string? token = null;
            do
            {
                var body = token is null ? """{"max_results":2}""" : $$"""{"max_results":2,"page_token":"{{token}}"}""";
                var page = await ApiAssert.Ok(await world.As(user).In(ws).PostAsync($"{Api}/{path}", body));
                var items = page.GetProperty(listField).EnumerateArray().Select(e => e.GetProperty(idField).GetString()!).ToList();
                token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
                Assert.Equal(token is null ? items.Count : 2, items.Count);
                seen.AddRange(items);
            }
            while (token is not null);
            return seen;
        }

        var experiments = await Walk("experiments/search", "experiments", "experiment_id");
        Assert.Equal(readable.Order(), experiments.Order());
        Assert.Equal(experiments.Count, experiments.Distinct().Count());
        var models = await Walk("registered-models/search", "registered_models", "name");
        Assert.Equal(readableModels.Order(), models.Order());
    }

    [Fact]
    public async Task Missing_parameters_are_400_not_403() =>
        await ApiAssert.Error(await world.As("alice").GetAsync($"{Api}/experiments/get"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'experiment_id'.");
}

public sealed class AuthMatrixTests_Sqlite(AuthWorld<SqliteDb> world) : AuthMatrixTests<SqliteDb>(world);

public sealed class AuthMatrixTests_Postgres(AuthWorld<PostgresDb> world) : AuthMatrixTests<PostgresDb>(world);

public sealed class AuthMatrixTests_MySql(AuthWorld<MySqlDb> world) : AuthMatrixTests<MySqlDb>(world);
