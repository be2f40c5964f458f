using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Experiments across workspaces over HTTP: reference mlflow-workspaces.md §9 B cases 36–42, 47, 49 and 54, and the
/// workspace delete modes (§4, cases 30–32) with experiments and runs created through the API.
/// </summary>
public abstract class ExperimentIsolationTests<TDb, TProfile>(ApiFixture<TDb, TProfile> fixture) : IClassFixture<ApiFixture<TDb, TProfile>>
    where TDb : IDatabaseKind
    where TProfile : ISettingsProfile
{
    private const string Api = "/api/2.0/mlflow";
    private const string Catalog = "/api/3.0/mlflow/workspaces";

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        Client.SendAsync(Json(method, url, json, workspace), Ct);

    private Task<HttpResponseMessage> Post(string rpc, string json, string? workspace = null) => Send(HttpMethod.Post, $"{Api}/{rpc}", json, workspace);

    private Task<HttpResponseMessage> Get(string rpcWithQuery, string? workspace = null) => Send(HttpMethod.Get, $"{Api}/{rpcWithQuery}", null, workspace);

    private Task<string> CreateWorkspaceAsync() => TProfile.NewWorkspaceAsync(fixture, "team");

    private async Task<string> CreateExperimentAsync(string? workspace, string? name = null)
    {
        var body = await ApiAssert.Ok(await Post("experiments/create", $$"""{"name":"{{name ?? Names.Unique("exp")}}"}""", workspace));
        return body.GetProperty("experiment_id").GetString()!;
    }

    private async Task<JsonElement> GetExperimentAsync(string id, string? workspace) =>
        (await ApiAssert.Ok(await Get($"experiments/get?experiment_id={id}", workspace))).GetProperty("experiment");

    private async Task<string?> IdByNameAsync(string name, string? workspace) =>
        (await ApiAssert.Ok(await Get($"experiments/get-by-name?experiment_name={name}", workspace))).GetProperty("experiment").GetProperty("experiment_id").GetString();

    private static async Task NotFoundAsync(HttpResponseMessage response, string id) =>
        await ApiAssert.Error(response, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={id} exists");

    [Fact]
    public async Task An_experiment_of_another_workspace_is_not_found()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var id = await CreateExperimentAsync(a);
        await NotFoundAsync(await Get($"experiments/get?experiment_id={id}", b), id);
        await NotFoundAsync(await Get($"experiments/get?experiment_id={id}"), id);
        var experiment = await GetExperimentAsync(id, a);
        Assert.Equal(a, experiment.GetProperty("workspace").GetString());
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/{a}/{id}", experiment.GetProperty("artifact_location").GetString());
    }

    [Fact]
    public async Task The_same_name_lives_in_two_workspaces_with_different_ids()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var name = Names.Unique("shared");
        var inA = await CreateExperimentAsync(a, name);
        var inB = await CreateExperimentAsync(b, name);
        Assert.NotEqual(inA, inB);
        Assert.Equal(inA, await IdByNameAsync(name, a));
        Assert.Equal(inB, await IdByNameAsync(name, b));
        await ApiAssert.Error(await Post("experiments/create", $$"""{"name":"{{name}}"}""", a), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
            $"Experiment(name={name}) already exists.");
    }

    [Fact]
    public async Task Get_by_name_does_not_cross_workspaces()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var name = Names.Unique("exp-in-b");
        await CreateExperimentAsync(b, name);
        await ApiAssert.Error(await Get($"experiments/get-by-name?experiment_name={name}", a), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Could not find experiment with name '{name}'");
        await ApiAssert.Error(await Get($"experiments/get-by-name?experiment_name={name}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Without_a_header_experiments_live_in_default()
    {
        var a = await CreateWorkspaceAsync();
        var name = Names.Unique("nohdr");
        var id = await CreateExperimentAsync(null, name);
        Assert.Equal(id, await IdByNameAsync(name, "default"));
        Assert.Equal("default", (await GetExperimentAsync(id, "default")).GetProperty("workspace").GetString());
        await ApiAssert.Error(await Get($"experiments/get-by-name?experiment_name={name}", a), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Search_returns_only_the_workspaces_experiments()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var inA = await CreateExperimentAsync(a);
        await CreateExperimentAsync(b);
        var body = await ApiAssert.Ok(await Post("experiments/search", """{"max_results":100}""", a));
        var experiment = Assert.Single(body.GetProperty("experiments").EnumerateArray());
        Assert.Equal(inA, experiment.GetProperty("experiment_id").GetString());
        Assert.Equal(a, experiment.GetProperty("workspace").GetString());
        var all = await ApiAssert.Ok(await Post("experiments/search", """{"view_type":"ALL"}""", a));
        Assert.Equal(inA, Assert.Single(all.GetProperty("experiments").EnumerateArray()).GetProperty("experiment_id").GetString());
    }

    [Fact]
    public async Task An_unknown_workspace_header_is_not_found()
    {
        var nope = Names.Unique("nope");
        await ApiAssert.Error(await Post("experiments/search", "{}", nope), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Workspace '{nope}' not found");
    }

    [Fact]
    public async Task Mutations_from_another_workspace_are_not_found_and_change_nothing()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var name = Names.Unique("owned");
        var id = await CreateExperimentAsync(a, name);
        await ApiAssert.Ok(await Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"v"}""", a));

        await NotFoundAsync(await Post("experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{Names.Unique("stolen")}}"}""", b), id);
        await NotFoundAsync(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}""", b), id);
        await NotFoundAsync(await Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"changed"}""", b), id);
        await NotFoundAsync(await Post("experiments/delete-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k"}""", b), id);
        await NotFoundAsync(await Post("experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{Names.Unique("stolen")}}"}"""), id);

        var experiment = await GetExperimentAsync(id, a);
        Assert.Equal(name, experiment.GetProperty("name").GetString());
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());
        var tag = Assert.Single(experiment.GetProperty("tags").EnumerateArray());
        Assert.Equal("""{"key":"k","value":"v"}""", tag.GetRawText());
    }

    [Fact]
    public async Task Restore_from_another_workspace_is_not_found()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var id = await CreateExperimentAsync(a);
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}""", a));
        await NotFoundAsync(await Post("experiments/restore", $$"""{"experiment_id":"{{id}}"}""", b), id);
        Assert.Equal("deleted", (await GetExperimentAsync(id, a)).GetProperty("lifecycle_stage").GetString());
    }
}

public sealed class ExperimentIsolationTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : ExperimentIsolationTests<SqliteDb, DefaultProfile>(f);

public sealed class ExperimentIsolationTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : ExperimentIsolationTests<PostgresDb, DefaultProfile>(f);

/// <summary>The same isolation with the workspaces listed in a file (issue 15): read-only catalog, same guarantees.</summary>
public sealed class ExperimentIsolationTests_FileSqlite(ApiFixture<SqliteDb, FileIsolationProfile> f) : ExperimentIsolationTests<SqliteDb, FileIsolationProfile>(f);

public sealed class ExperimentIsolationTests_FilePostgres(ApiFixture<PostgresDb, FileIsolationProfile> f) : ExperimentIsolationTests<PostgresDb, FileIsolationProfile>(f);
