using System.Net;
using Microsoft.EntityFrameworkCore;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Reference mlflow-workspaces.md §9 A (workspace CRUD) over HTTP, on each database.</summary>
public abstract class WorkspaceApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Base = "/api/3.0/mlflow/workspaces";

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        Client.SendAsync(Json(method, url, json, workspace), Ct);

    private Task<HttpResponseMessage> Create(string json) => Send(HttpMethod.Post, Base, json);

    [Fact]
    public async Task List_contains_the_default_workspace()
    {
        var body = await ApiAssert.Ok(await Client.GetAsync(Base, Ct));
        var first = body.GetProperty("workspaces").EnumerateArray().First(w => w.GetProperty("name").GetString() == "default");
        Assert.Equal("""{"name":"default","description":"Default workspace for legacy resources"}""", first.GetRawText());
    }

    [Fact]
    public async Task Create_answers_201_with_the_workspace()
    {
        var name = Names.Unique("team");
        var response = await Create($$"""{"name":"{{name}}","description":"Team A"}""");
        var body = await ApiAssert.Ok(response, HttpStatusCode.Created);
        Assert.Equal($$$"""{"workspace":{"name":"{{{name}}}","description":"Team A"}}""", body.GetRawText());
    }

    [Fact]
    public async Task Create_twice_is_resource_already_exists()
    {
        var name = Names.Unique("team");
        await ApiAssert.Ok(await Create($$"""{"name":"{{name}}"}"""), HttpStatusCode.Created);
        await ApiAssert.Error(await Create($$"""{"name":"{{name}}"}"""), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
            $"Workspace '{name}' already exists.");
    }

    [Fact]
    public async Task Create_default_is_reserved() =>
        await ApiAssert.Error(await Create("""{"name":"default"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "The 'default' workspace is reserved and cannot be created");

    [Theory]
    [InlineData("Team-A", "Workspace name 'Team-A' must match the pattern")]
    [InlineData("t", "Workspace name 't' must be between 2 and 63 characters.")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Workspace name 'aaaa")]
    [InlineData("team_a", "Workspace name 'team_a' must match the pattern")]
    [InlineData("-team", "Workspace name '-team' must match the pattern")]
    [InlineData("team-", "Workspace name 'team-' must match the pattern")]
    [InlineData("a--b", "Workspace name 'a--b' must match the pattern")]
    [InlineData("workspaces", "Workspace name 'workspaces' is reserved and cannot be used.")]
    [InlineData("api", "Workspace name 'api' is reserved and cannot be used.")]
    [InlineData("ajax-api", "Workspace name 'ajax-api' is reserved and cannot be used.")]
    [InlineData("static-files", "Workspace name 'static-files' is reserved and cannot be used.")]
    public async Task Create_validates_the_name(string name, string message) =>
        await ApiAssert.Error(await Create($$"""{"name":"{{name}}"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);

    [Theory]
    [InlineData("123")]
    [InlineData("a1-b2")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Create_accepts_edge_names(string name)
    {
        await Send(HttpMethod.Delete, $"{Base}/{name}?mode=CASCADE");
        await ApiAssert.Ok(await Create($$"""{"name":"{{name}}"}"""), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"name":null}""")]
    [InlineData("")]
    public async Task Create_without_a_name_is_missing_value(string json) =>
        await ApiAssert.Error(await Create(json), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'name'. See the API docs for more information about request parameters.");

    [Theory]
    [InlineData("""{"name":123}""", "Invalid value 123 for parameter 'name' supplied:  Hint: Value was of type 'int'.")]
    [InlineData("""{"name":["a"]}""", "Invalid value [\"a\"] for parameter 'name' supplied:  Hint: Value was of type 'list'.")]
    [InlineData("""{"name":"ok-name","description":{"a":1}}""", "Invalid value {\"a\":1} for parameter 'description' supplied:  Hint: Value was of type 'dict'.")]
    [InlineData("""{"name":"ok-name","default_artifact_root":true}""", "Invalid value true for parameter 'default_artifact_root' supplied:  Hint: Value was of type 'bool'.")]
    public async Task Create_with_wrong_types_names_the_field(string json, string message) =>
        await ApiAssert.Error(await Create(json), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);

    [Theory]
    [InlineData("s3://b/p#x", "'default_artifact_root' URL can't include fragments or params.")]
    [InlineData("s3://b/p?q=..", "Invalid query string")]
    [InlineData("runs:/abc/model", "Artifact location cannot be a runs:/ URI.")]
    public async Task Create_validates_the_artifact_root(string root, string message) =>
        await ApiAssert.Error(await Create($$"""{"name":"{{Names.Unique("root")}}","default_artifact_root":"{{root}}"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);

    [Fact]
    public async Task Create_with_a_root_returns_it()
    {
        var name = Names.Unique("root");
        var body = await ApiAssert.Ok(await Create($$"""{"name":"{{name}}","default_artifact_root":"s3://bucket/path"}"""), HttpStatusCode.Created);
        Assert.Equal("s3://bucket/path", body.GetProperty("workspace").GetProperty("default_artifact_root").GetString());
    }

    [Fact]
    public async Task Get_returns_the_workspace_and_default_is_readable()
    {
        var name = Names.Unique("get");
        await Create($$"""{"name":"{{name}}","description":"Team A"}""");
        var body = await ApiAssert.Ok(await Client.GetAsync($"{Base}/{name}", Ct));
        Assert.Equal($$$"""{"workspace":{"name":"{{{name}}}","description":"Team A"}}""", body.GetRawText());
        var fallback = await ApiAssert.Ok(await Client.GetAsync($"{Base}/default", Ct));
        Assert.Equal("default", fallback.GetProperty("workspace").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("unknown-ws", HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Workspace 'unknown-ws' not found")]
    [InlineData("Bad_Name", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Workspace name 'Bad_Name' must match the pattern")]
    [InlineData("%E2%9C%93", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Workspace name '✓' must be between")]
    [InlineData("api", HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Workspace name 'api' is reserved")]
    public async Task Get_refuses_bad_and_unknown_names(string name, HttpStatusCode status, string code, string message) =>
        await ApiAssert.Error(await Client.GetAsync($"{Base}/{name}", Ct), status, code, message);

    [Fact]
    public async Task Patch_updates_the_description()
    {
        var name = Names.Unique("upd");
        await Create($$"""{"name":"{{name}}","description":"Team A"}""");
        var body = await ApiAssert.Ok(await Send(HttpMethod.Patch, $"{Base}/{name}", """{"description":"Updated"}"""));
        Assert.Equal($$$"""{"workspace":{"name":"{{{name}}}","description":"Updated"}}""", body.GetRawText());
        var again = await ApiAssert.Ok(await Client.GetAsync($"{Base}/{name}", Ct));
        Assert.Equal("Updated", again.GetProperty("workspace").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Patch_without_keys_is_refused() =>
        await ApiAssert.Error(await Send(HttpMethod.Patch, $"{Base}/default", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Workspace update must have at least one key");

    [Fact]
    public async Task Patch_unknown_is_not_found() =>
        await ApiAssert.Error(await Send(HttpMethod.Patch, $"{Base}/unknown-ws", """{"description":"x"}"""), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", "Workspace 'unknown-ws' not found");

    [Fact]
    public async Task Patch_default_root_then_clear_it()
    {
        var body = await ApiAssert.Ok(await Send(HttpMethod.Patch, $"{Base}/default", """{"default_artifact_root":"s3://bucket/root"}"""));
        Assert.Equal("s3://bucket/root", body.GetProperty("workspace").GetProperty("default_artifact_root").GetString());
        var cleared = await ApiAssert.Ok(await Send(HttpMethod.Patch, $"{Base}/default", """{"default_artifact_root":" "}"""));
        Assert.False(cleared.GetProperty("workspace").TryGetProperty("default_artifact_root", out _));
    }

    [Fact]
    public async Task Patch_with_a_wrong_type_names_the_field() =>
        await ApiAssert.Error(await Send(HttpMethod.Patch, $"{Base}/default", """{"description":5}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid value 5 for parameter 'description' supplied:");

    [Fact]
    public async Task Delete_default_is_refused() =>
        await ApiAssert.Error(await Send(HttpMethod.Delete, $"{Base}/default"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "The 'default' workspace is reserved and cannot be deleted");

    [Fact]
    public async Task Delete_empty_answers_204_and_the_workspace_is_gone()
    {
        var name = Names.Unique("empty");
        await Create($$"""{"name":"{{name}}"}""");
        var response = await Send(HttpMethod.Delete, $"{Base}/{name}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        await ApiAssert.Error(await Client.GetAsync($"{Base}/{name}", Ct), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Delete_unknown_is_not_found() =>
        await ApiAssert.Error(await Send(HttpMethod.Delete, $"{Base}/unknown-ws"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            "Workspace 'unknown-ws' not found");

    [Fact]
    public async Task Delete_with_a_bogus_mode_is_refused() =>
        await ApiAssert.Error(await Send(HttpMethod.Delete, $"{Base}/team-a?mode=BOGUS"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid deletion mode 'BOGUS'. Must be one of: SET_DEFAULT, CASCADE, RESTRICT");

    [Theory]
    [InlineData("active")]
    [InlineData("deleted")]
    public async Task Restrict_delete_of_a_non_empty_workspace_is_409(string stage)
    {
        var name = Names.Unique("del");
        await Create($$"""{"name":"{{name}}"}""");
        await using (var db = fixture.Db(name))
            await db.AddExperimentAsync(name, "e1", stage);
        await ApiAssert.Error(await Send(HttpMethod.Delete, $"{Base}/{name}"), HttpStatusCode.Conflict, "INVALID_STATE",
            $"Cannot delete workspace '{name}': table 'experiments' still contains 1 resource(s). Remove or reassign them before deleting the workspace.");
        await ApiAssert.Ok(await Client.GetAsync($"{Base}/{name}", Ct));
    }

    [Fact]
    public async Task Cascade_delete_removes_the_experiments()
    {
        var name = Names.Unique("cas");
        await Create($$"""{"name":"{{name}}"}""");
        await using (var db = fixture.Db(name))
            await db.AddExperimentAsync(name, "e1");
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"{Base}/{name}?mode=CASCADE")).StatusCode);
        await using var check = fixture.Db();
        Assert.Equal(0, await check.CountAllExperimentsAsync(name));
    }

    [Fact]
    public async Task Set_default_delete_moves_experiments_to_default()
    {
        var name = Names.Unique("sd");
        var experiment = $"only-in-{name}";
        await Create($$"""{"name":"{{name}}"}""");
        await using (var db = fixture.Db(name))
            await db.AddExperimentAsync(name, experiment);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(HttpMethod.Delete, $"{Base}/{name}?mode=SET_DEFAULT")).StatusCode);
        await using var check = fixture.Db();
        Assert.True(await check.Experiments.AnyAsync(e => e.Name == experiment, Ct));
    }

    [Fact]
    public async Task Set_default_delete_with_a_name_conflict_is_409()
    {
        var name = Names.Unique("sdc");
        var clash = $"dup-{name}";
        await Create($$"""{"name":"{{name}}"}""");
        await using (var db = fixture.Db())
            await db.AddExperimentAsync("default", clash);
        await using (var db = fixture.Db(name))
            await db.AddExperimentAsync(name, clash);
        var message = await ApiAssert.Error(await Send(HttpMethod.Delete, $"{Base}/{name}?mode=SET_DEFAULT"), HttpStatusCode.Conflict, "INVALID_STATE",
            $"Cannot reassign resources from workspace '{name}' to 'default'");
        Assert.Contains($"experiments: '{clash}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_is_sorted_by_name()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await Create($$"""{"name":"zeta-{{suffix}}"}""");
        await Create($$"""{"name":"alpha-{{suffix}}"}""");
        var body = await ApiAssert.Ok(await Client.GetAsync(Base, Ct));
        var names = body.GetProperty("workspaces").EnumerateArray().Select(w => w.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.True(names.IndexOf($"alpha-{suffix}") < names.IndexOf("default") && names.IndexOf("default") < names.IndexOf($"zeta-{suffix}"));
    }

    [Theory]
    [InlineData("/api/3.0/mlflow/workspaces")]
    [InlineData("/ajax-api/3.0/mlflow/workspaces")]
    [InlineData("/api/2.0/mlflow/workspaces")]
    [InlineData("/ajax-api/2.0/mlflow/workspaces")]
    public async Task Every_prefix_serves_the_catalog(string path)
    {
        var body = await ApiAssert.Ok(await Client.GetAsync(path, Ct));
        Assert.Contains(body.GetProperty("workspaces").EnumerateArray(), w => w.GetProperty("name").GetString() == "default");
    }
}

public sealed class WorkspaceApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : WorkspaceApiTests<SqliteDb>(f);

public sealed class WorkspaceApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : WorkspaceApiTests<PostgresDb>(f);

public sealed class WorkspaceApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : WorkspaceApiTests<MySqlDb>(f);
