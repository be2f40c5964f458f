using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Experiments and catalog changes (reference §4 cases 30–32, per-workspace artifact roots): only the SQL catalog changes
/// workspaces through the API, so these run on it alone.
/// </summary>
public abstract class WorkspaceCatalogChangeTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";
    private const string Catalog = "/api/3.0/mlflow/workspaces";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        fixture.Client.SendAsync(Json(method, url, json, workspace), Ct);

    private Task<HttpResponseMessage> Post(string rpc, string json, string? workspace = null) => Send(HttpMethod.Post, $"{Api}/{rpc}", json, workspace);

    private Task<HttpResponseMessage> Get(string rpcWithQuery, string? workspace = null) => Send(HttpMethod.Get, $"{Api}/{rpcWithQuery}", null, workspace);

    private async Task<string> CreateWorkspaceAsync()
    {
        var name = Names.Unique("team");
        await ApiAssert.Ok(await Send(HttpMethod.Post, Catalog, $$"""{"name":"{{name}}"}"""), HttpStatusCode.Created);
        return name;
    }

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
    public async Task A_workspace_artifact_root_replaces_the_scoped_server_root()
    {
        var ws = await CreateWorkspaceAsync();
        var before = await CreateExperimentAsync(ws);
        await ApiAssert.Ok(await Send(HttpMethod.Patch, $"{Catalog}/{ws}", """{"default_artifact_root":"file:///tmp/ws-root"}"""));
        var after = await CreateExperimentAsync(ws);
        Assert.Equal($"file:///tmp/ws-root/{after}", (await GetExperimentAsync(after, ws)).GetProperty("artifact_location").GetString());
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/{ws}/{before}", (await GetExperimentAsync(before, ws)).GetProperty("artifact_location").GetString());
    }

    [Fact]
    public async Task Restrict_delete_of_a_workspace_with_an_experiment_is_409()
    {
        var ws = await CreateWorkspaceAsync();
        await CreateExperimentAsync(ws);
        await ApiAssert.Error(await Send(HttpMethod.Delete, $"{Catalog}/{ws}"), HttpStatusCode.Conflict, "INVALID_STATE",
            $"Cannot delete workspace '{ws}': table 'experiments' still contains 1 resource(s). Remove or reassign them before deleting the workspace.");
        await ApiAssert.Ok(await Send(HttpMethod.Get, $"{Catalog}/{ws}"));
    }

    [Fact]
    public async Task Cascade_delete_removes_experiments_and_their_runs()
    {
        var ws = await CreateWorkspaceAsync();
        var id = await CreateExperimentAsync(ws);
        var runBody = await ApiAssert.Ok(await Post("runs/create", $$"""{"experiment_id":"{{id}}"}""", ws));
        var run = runBody.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;

        var response = await Send(HttpMethod.Delete, $"{Catalog}/{ws}?mode=CASCADE");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await NotFoundAsync(await Get($"experiments/get?experiment_id={id}", "default"), id);
        await ApiAssert.Error(await Get($"runs/get?run_id={run}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Run with id={run} not found");
        await ApiAssert.Error(await Send(HttpMethod.Get, $"{Catalog}/{ws}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        await using var check = fixture.Db();
        Assert.Equal(0, await check.CountAllExperimentsAsync(ws));
        Assert.False(await check.Runs.IgnoreQueryFilters().AnyAsync(r => r.RunUuid == run, Ct));
    }

    [Fact]
    public async Task Set_default_delete_moves_experiments_to_default()
    {
        var ws = await CreateWorkspaceAsync();
        var name = $"only-in-{ws}";
        var id = await CreateExperimentAsync(ws, name);
        var response = await Send(HttpMethod.Delete, $"{Catalog}/{ws}?mode=SET_DEFAULT");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(id, await IdByNameAsync(name, null));
        Assert.Equal("default", (await GetExperimentAsync(id, null)).GetProperty("workspace").GetString());
    }
}

public sealed class WorkspaceCatalogChangeTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : WorkspaceCatalogChangeTests<SqliteDb>(f);

public sealed class WorkspaceCatalogChangeTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : WorkspaceCatalogChangeTests<PostgresDb>(f);
