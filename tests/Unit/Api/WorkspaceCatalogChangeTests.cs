using System.Net;
using Microsoft.EntityFrameworkCore;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Experiments and catalog changes (reference §4 cases 30–32, per-workspace artifact roots): only the SQL catalog changes
/// workspaces through the API, so these run on it alone.
/// </summary>
public abstract class WorkspaceCatalogChangeTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Catalog = "/api/3.0/mlflow/workspaces";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ExperimentHttp Http => new(fixture.Client);

    private async Task<string> CreateWorkspaceAsync()
    {
        var name = Names.Unique("team");
        await ApiAssert.Ok(await Http.Send(HttpMethod.Post, Catalog, $$"""{"name":"{{name}}"}"""), HttpStatusCode.Created);
        return name;
    }

    [Fact]
    public async Task A_workspace_artifact_root_replaces_the_scoped_server_root()
    {
        var ws = await CreateWorkspaceAsync();
        var before = await Http.CreateExperimentAsync(ws);
        await ApiAssert.Ok(await Http.Send(HttpMethod.Patch, $"{Catalog}/{ws}", """{"default_artifact_root":"file:///tmp/ws-root"}"""));
        var after = await Http.CreateExperimentAsync(ws);
        Assert.Equal($"file:///tmp/ws-root/{after}", (await Http.GetExperimentAsync(after, ws)).GetProperty("artifact_location").GetString());
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/{ws}/{before}", (await Http.GetExperimentAsync(before, ws)).GetProperty("artifact_location").GetString());
    }

    [Fact]
    public async Task Restrict_delete_of_a_workspace_with_an_experiment_is_409()
    {
        var ws = await CreateWorkspaceAsync();
        await Http.CreateExperimentAsync(ws);
        await ApiAssert.Error(await Http.Send(HttpMethod.Delete, $"{Catalog}/{ws}"), HttpStatusCode.Conflict, "INVALID_STATE",
            $"Cannot delete workspace '{ws}': table 'experiments' still contains 1 resource(s). Remove or reassign them before deleting the workspace.");
        await ApiAssert.Ok(await Http.Send(HttpMethod.Get, $"{Catalog}/{ws}"));
    }

    [Fact]
    public async Task Cascade_delete_removes_experiments_and_their_runs()
    {
        var ws = await CreateWorkspaceAsync();
        var id = await Http.CreateExperimentAsync(ws);
        var runBody = await ApiAssert.Ok(await Http.Post("runs/create", $$"""{"experiment_id":"{{id}}"}""", ws));
        var run = runBody.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;

        var response = await Http.Send(HttpMethod.Delete, $"{Catalog}/{ws}?mode=CASCADE");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ExperimentHttp.NotFoundAsync(await Http.Get($"experiments/get?experiment_id={id}", "default"), id);
        await ApiAssert.Error(await Http.Get($"runs/get?run_id={run}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Run with id={run} not found");
        await ApiAssert.Error(await Http.Send(HttpMethod.Get, $"{Catalog}/{ws}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        await using var check = fixture.Db();
        Assert.Equal(0, await check.CountAllExperimentsAsync(ws));
        Assert.False(await check.Runs.IgnoreQueryFilters().AnyAsync(r => r.RunUuid == run, Ct));
    }

    [Fact]
    public async Task Set_default_delete_moves_experiments_to_default()
    {
        var ws = await CreateWorkspaceAsync();
        var name = $"only-in-{ws}";
        var id = await Http.CreateExperimentAsync(ws, name);
        var response = await Http.Send(HttpMethod.Delete, $"{Catalog}/{ws}?mode=SET_DEFAULT");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(id, await Http.IdByNameAsync(name, null));
        Assert.Equal("default", (await Http.GetExperimentAsync(id, null)).GetProperty("workspace").GetString());
    }
}

public sealed class WorkspaceCatalogChangeTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : WorkspaceCatalogChangeTests<SqliteDb>(f);

public sealed class WorkspaceCatalogChangeTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : WorkspaceCatalogChangeTests<PostgresDb>(f);

public sealed class WorkspaceCatalogChangeTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : WorkspaceCatalogChangeTests<MySqlDb>(f);
