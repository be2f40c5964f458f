using System.Net;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>§9 C: a server started with workspaces off.</summary>
public abstract class WorkspacesDisabledTests<TDb>(ApiFixture<TDb, WorkspacesDisabledProfile> fixture)
    : IClassFixture<ApiFixture<TDb, WorkspacesDisabledProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/3.0/mlflow/workspaces")]
    [InlineData("POST", "/api/3.0/mlflow/workspaces")]
    [InlineData("GET", "/api/2.0/mlflow/workspaces/default")]
    [InlineData("DELETE", "/ajax-api/3.0/mlflow/workspaces/team-a")]
    public async Task Workspace_endpoints_are_not_found(string method, string path) =>
        await ApiAssert.Error(await fixture.Client.SendAsync(Json(new HttpMethod(method), path, method == "POST" ? """{"name":"x1"}""" : null), Ct),
            HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", "Endpoint: ");

    [Fact]
    public async Task A_workspace_header_is_feature_disabled() =>
        await ApiAssert.Error(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/2.0/mlflow/experiments/search", "{}", "team-a"), Ct),
            HttpStatusCode.BadRequest, "FEATURE_DISABLED", "Workspace APIs are not available: workspaces are not enabled on this server");

    [Fact]
    public async Task A_blank_header_is_ignored() =>
        await ApiAssert.Error(await fixture.Client.SendAsync(Json(HttpMethod.Get, "/api/2.0/mlflow/unknown", null, "  "), Ct),
            HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");

    [Fact]
    public async Task Server_info_says_disabled()
    {
        var body = await ApiAssert.Ok(await fixture.Client.GetAsync("/api/3.0/mlflow/server-info", Ct));
        Assert.False(body.GetProperty("workspaces_enabled").GetBoolean());
    }
}

public sealed class WorkspacesDisabledTests_Sqlite(ApiFixture<SqliteDb, WorkspacesDisabledProfile> f) : WorkspacesDisabledTests<SqliteDb>(f);

public sealed class WorkspacesDisabledTests_Postgres(ApiFixture<PostgresDb, WorkspacesDisabledProfile> f) : WorkspacesDisabledTests<PostgresDb>(f);

public sealed class WorkspacesDisabledTests_MySql(ApiFixture<MySqlDb, WorkspacesDisabledProfile> f) : WorkspacesDisabledTests<MySqlDb>(f);

/// <summary>§9 case 25: a server without <c>--default-artifact-root</c>.</summary>
public abstract class NoArtifactRootTests<TDb>(ApiFixture<TDb, NoArtifactRootProfile> fixture) : IClassFixture<ApiFixture<TDb, NoArtifactRootProfile>>
    where TDb : IDatabaseKind
{
    private const string Base = "/api/3.0/mlflow/workspaces";
    private const string Message = "Cannot create or update workspace without an artifact root.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_without_a_root_is_refused() =>
        await ApiAssert.Error(await fixture.Client.SendAsync(Json(HttpMethod.Post, Base, """{"name":"team-no-root"}"""), Ct),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", Message);

    [Fact]
    public async Task Create_with_a_root_works_and_clearing_it_is_refused()
    {
        var name = Names.Unique("own");
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, Base, $$"""{"name":"{{name}}","default_artifact_root":"s3://b/p"}"""), Ct),
            HttpStatusCode.Created);
        await ApiAssert.Error(await fixture.Client.SendAsync(Json(HttpMethod.Patch, $"{Base}/{name}", """{"default_artifact_root":""}"""), Ct),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", Message);
    }
}

public sealed class NoArtifactRootTests_Sqlite(ApiFixture<SqliteDb, NoArtifactRootProfile> f) : NoArtifactRootTests<SqliteDb>(f);

public sealed class NoArtifactRootTests_Postgres(ApiFixture<PostgresDb, NoArtifactRootProfile> f) : NoArtifactRootTests<PostgresDb>(f);

public sealed class NoArtifactRootTests_MySql(ApiFixture<MySqlDb, NoArtifactRootProfile> f) : NoArtifactRootTests<MySqlDb>(f);
