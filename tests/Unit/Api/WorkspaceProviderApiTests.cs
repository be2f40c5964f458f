using System.Net;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The API on a read-only workspaces file (issue 15 §2): the file's workspaces are listed and usable, the catalog
/// changes answer 501 <c>NOT_IMPLEMENTED</c> (MLflow lets the store's NotImplementedError escape as a 500), and an
/// unknown name is 404 as ever.
/// </summary>
public abstract class WorkspaceFileApiTests<TDb>(ApiFixture<TDb, FileCatalogProfile> fixture) : IClassFixture<ApiFixture<TDb, FileCatalogProfile>>
    where TDb : IDatabaseKind
{
    private const string Base = "/api/3.0/mlflow/workspaces";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        fixture.Client.SendAsync(Json(method, url, json, workspace), Ct);

    [Fact]
    public async Task The_files_workspaces_are_listed_and_read()
    {
        var list = await ApiAssert.Ok(await Send(HttpMethod.Get, Base));
        Assert.Equal(["default", "team-a", "team-b"], list.GetProperty("workspaces").EnumerateArray().Select(w => w.GetProperty("name").GetString()));
        var teamA = await ApiAssert.Ok(await Send(HttpMethod.Get, $"{Base}/team-a"));
        Assert.Equal("""{"workspace":{"name":"team-a","description":"Team A"}}""", teamA.GetRawText());
    }

    [Fact]
    public async Task Catalog_changes_are_not_supported_by_the_provider()
    {
        foreach (var (method, url, json) in new[]
        {
            (HttpMethod.Post, Base, """{"name":"team-c"}"""),
            (HttpMethod.Patch, $"{Base}/team-a", """{"description":"x"}"""),
            (HttpMethod.Delete, $"{Base}/team-b", null),
        })
        {
            var response = await Send(method, url, json);
            await ApiAssert.Error(response, HttpStatusCode.NotImplemented, "NOT_IMPLEMENTED");
        }
        var list = await ApiAssert.Ok(await Send(HttpMethod.Get, Base));
        Assert.Equal(3, list.GetProperty("workspaces").GetArrayLength());
    }

    [Fact]
    public async Task Resources_live_in_the_files_workspaces_and_stay_apart()
    {
        var created = await ApiAssert.Ok(await Send(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", $$"""{"name":"{{Names.Unique("e")}}"}""", "team-a"));
        var id = created.GetProperty("experiment_id").GetString();
        await ApiAssert.Ok(await Send(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={id}", null, "team-a"));
        await ApiAssert.Error(await Send(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={id}", null, "team-b"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await Send(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=1", null, "team-c"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", "Workspace 'team-c' not found");
    }
}

public sealed class WorkspaceFileApiTests_Sqlite(ApiFixture<SqliteDb, FileCatalogProfile> f) : WorkspaceFileApiTests<SqliteDb>(f);

public sealed class WorkspaceFileApiTests_Postgres(ApiFixture<PostgresDb, FileCatalogProfile> f) : WorkspaceFileApiTests<PostgresDb>(f);

public sealed class WorkspaceFileApiTests_MySql(ApiFixture<MySqlDb, FileCatalogProfile> f) : WorkspaceFileApiTests<MySqlDb>(f);

/// <summary>
/// No default workspace (issue 15 §3): a workspace-scoped request without <c>X-MLFLOW-WORKSPACE</c> gets MLflow's exact
/// 400; server-info, health, the catalog, accounts and grants answer without one.
/// </summary>
public abstract class NoDefaultWorkspaceApiTests<TDb>(ApiFixture<TDb, NoDefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, NoDefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Required =
        "Active workspace is required. Configure a default workspace or call mlflow.set_workspace() before interacting with the store.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        fixture.Client.SendAsync(Json(method, url, json, workspace), Ct);

    [Theory]
    [InlineData("GET", "/api/2.0/mlflow/experiments/search?max_results=10")]
    [InlineData("POST", "/api/2.0/mlflow/experiments/create")]
    [InlineData("GET", "/api/2.0/mlflow/registered-models/search")]
    [InlineData("POST", "/api/2.0/mlflow/runs/search")]
    [InlineData("GET", "/api/3.0/mlflow/gateway/secrets/list")]
    [InlineData("GET", "/ajax-api/2.0/mlflow/experiments/search?max_results=10")]
    public async Task A_scoped_request_without_a_workspace_is_refused_with_mlflows_message(string method, string url)
    {
        var response = await Send(new HttpMethod(method), url, method == "POST" ? """{"name":"x","experiment_ids":["0"]}""" : null);
        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", Required);
    }

    [Fact]
    public async Task With_a_header_it_works_and_unscoped_routes_need_none()
    {
        await ApiAssert.Ok(await Send(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=10", null, "default"));
        await ApiAssert.Ok(await Send(HttpMethod.Get, "/api/3.0/mlflow/workspaces"));
        await ApiAssert.Ok(await Send(HttpMethod.Get, "/api/3.0/mlflow/workspaces/default"));
        await ApiAssert.Ok(await Send(HttpMethod.Get, "/api/3.0/mlflow/server-info"));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/health", Ct)).StatusCode);
        var name = Names.Unique("nd");
        await ApiAssert.Ok(await Send(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{name}}"}"""), HttpStatusCode.Created);
        await ApiAssert.Ok(await Send(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"in-named"}""", name));
    }
}

public sealed class NoDefaultWorkspaceApiTests_Sqlite(ApiFixture<SqliteDb, NoDefaultProfile> f) : NoDefaultWorkspaceApiTests<SqliteDb>(f);

public sealed class NoDefaultWorkspaceApiTests_Postgres(ApiFixture<PostgresDb, NoDefaultProfile> f) : NoDefaultWorkspaceApiTests<PostgresDb>(f);

public sealed class NoDefaultWorkspaceApiTests_MySql(ApiFixture<MySqlDb, NoDefaultProfile> f) : NoDefaultWorkspaceApiTests<MySqlDb>(f);
