using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Experiments across workspaces over HTTP: reference mlflow-workspaces.md §9 B cases 36–42, 47, 49 and 54, and the
/// workspace delete modes (§4, cases 30–32) with experiments and runs created through the API.
/// </summary>
public abstract class ExperimentIsolationTests<TDb, TProfile>(ApiFixture<TDb, TProfile> fixture) : IClassFixture<ApiFixture<TDb, TProfile>>
    where TDb : IDatabaseKind
    where TProfile : ISettingsProfile
{
    private const string Catalog = "/api/3.0/mlflow/workspaces";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ExperimentHttp Http => new(fixture.Client);

    private Task<string> CreateWorkspaceAsync() => TProfile.NewWorkspaceAsync(fixture, "team");

    [Fact]
    public async Task An_experiment_of_another_workspace_is_not_found()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var id = await Http.CreateExperimentAsync(a);
        await ExperimentHttp.NotFoundAsync(await Http.Get($"experiments/get?experiment_id={id}", b), id);
        await ExperimentHttp.NotFoundAsync(await Http.Get($"experiments/get?experiment_id={id}"), id);
        var experiment = await Http.GetExperimentAsync(id, a);
        Assert.Equal(a, experiment.GetProperty("workspace").GetString());
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/{a}/{id}", experiment.GetProperty("artifact_location").GetString());
    }

    [Fact]
    public async Task The_same_name_lives_in_two_workspaces_with_different_ids()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var name = Names.Unique("shared");
        var inA = await Http.CreateExperimentAsync(a, name);
        var inB = await Http.CreateExperimentAsync(b, name);
        Assert.NotEqual(inA, inB);
        Assert.Equal(inA, await Http.IdByNameAsync(name, a));
        Assert.Equal(inB, await Http.IdByNameAsync(name, b));
        await ApiAssert.Error(await Http.Post("experiments/create", $$"""{"name":"{{name}}"}""", a), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
            $"Experiment(name={name}) already exists.");
    }

    [Fact]
    public async Task Get_by_name_does_not_cross_workspaces()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var name = Names.Unique("exp-in-b");
        await Http.CreateExperimentAsync(b, name);
        await ApiAssert.Error(await Http.Get($"experiments/get-by-name?experiment_name={name}", a), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Could not find experiment with name '{name}'");
        await ApiAssert.Error(await Http.Get($"experiments/get-by-name?experiment_name={name}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Without_a_header_experiments_live_in_default()
    {
        var a = await CreateWorkspaceAsync();
        var name = Names.Unique("nohdr");
        var id = await Http.CreateExperimentAsync(null, name);
        Assert.Equal(id, await Http.IdByNameAsync(name, "default"));
        Assert.Equal("default", (await Http.GetExperimentAsync(id, "default")).GetProperty("workspace").GetString());
        await ApiAssert.Error(await Http.Get($"experiments/get-by-name?experiment_name={name}", a), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Search_returns_only_the_workspaces_experiments()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var inA = await Http.CreateExperimentAsync(a);
        await Http.CreateExperimentAsync(b);
        var body = await ApiAssert.Ok(await Http.Post("experiments/search", """{"max_results":100}""", a));
        var experiment = Assert.Single(body.GetProperty("experiments").EnumerateArray());
        Assert.Equal(inA, experiment.GetProperty("experiment_id").GetString());
        Assert.Equal(a, experiment.GetProperty("workspace").GetString());
        var all = await ApiAssert.Ok(await Http.Post("experiments/search", """{"view_type":"ALL"}""", a));
        Assert.Equal(inA, Assert.Single(all.GetProperty("experiments").EnumerateArray()).GetProperty("experiment_id").GetString());
    }

    [Fact]
    public async Task An_unknown_workspace_header_is_not_found()
    {
        var nope = Names.Unique("nope");
        await ApiAssert.Error(await Http.Post("experiments/search", "{}", nope), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Workspace '{nope}' not found");
    }

    [Fact]
    public async Task Mutations_from_another_workspace_are_not_found_and_change_nothing()
    {
        var a = await CreateWorkspaceAsync();
        var b = await CreateWorkspaceAsync();
        var name = Names.Unique("owned");
        var id = await Http.CreateExperimentAsync(a, name);
        await ApiAssert.Ok(await Http.Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"v"}""", a));

        await ExperimentHttp.NotFoundAsync(await Http.Post("experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{Names.Unique("stolen")}}"}""", b), id);
        await ExperimentHttp.NotFoundAsync(await Http.Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}""", b), id);
        await ExperimentHttp.NotFoundAsync(await Http.Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"changed"}""", b), id);
        await ExperimentHttp.NotFoundAsync(await Http.Post("experiments/delete-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k"}""", b), id);
        await ExperimentHttp.NotFoundAsync(await Http.Post("experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{Names.Unique("stolen")}}"}"""), id);

        var experiment = await Http.GetExperimentAsync(id, a);
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
        var id = await Http.CreateExperimentAsync(a);
        await ApiAssert.Ok(await Http.Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}""", a));
        await ExperimentHttp.NotFoundAsync(await Http.Post("experiments/restore", $$"""{"experiment_id":"{{id}}"}""", b), id);
        Assert.Equal("deleted", (await Http.GetExperimentAsync(id, a)).GetProperty("lifecycle_stage").GetString());
    }
}

public sealed class ExperimentIsolationTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : ExperimentIsolationTests<SqliteDb, DefaultProfile>(f);

public sealed class ExperimentIsolationTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : ExperimentIsolationTests<PostgresDb, DefaultProfile>(f);

public sealed class ExperimentIsolationTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : ExperimentIsolationTests<MySqlDb, DefaultProfile>(f);

/// <summary>The same isolation with the workspaces listed in a file (issue 15): read-only catalog, same guarantees.</summary>
public sealed class ExperimentIsolationTests_FileSqlite(ApiFixture<SqliteDb, FileIsolationProfile> f) : ExperimentIsolationTests<SqliteDb, FileIsolationProfile>(f);

public sealed class ExperimentIsolationTests_FilePostgres(ApiFixture<PostgresDb, FileIsolationProfile> f) : ExperimentIsolationTests<PostgresDb, FileIsolationProfile>(f);

public sealed class ExperimentIsolationTests_FileMySql(ApiFixture<MySqlDb, FileIsolationProfile> f) : ExperimentIsolationTests<MySqlDb, FileIsolationProfile>(f);
