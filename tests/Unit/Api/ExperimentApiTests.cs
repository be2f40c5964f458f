using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Experiment RPCs over HTTP (reference mlflow-rest-api.md §2.1 and §3), on each database.</summary>
public abstract class ExperimentApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Post(string rpc, string json) => Client.SendAsync(Json(HttpMethod.Post, $"{Api}/{rpc}", json), Ct);

    private Task<HttpResponseMessage> Get(string rpcWithQuery) => Client.SendAsync(Json(HttpMethod.Get, $"{Api}/{rpcWithQuery}", null), Ct);

    private async Task<string> CreateExperimentAsync(string? name = null)
    {
        var body = await ApiAssert.Ok(await Post("experiments/create", $$"""{"name":"{{name ?? Names.Unique("exp")}}"}"""));
        return body.GetProperty("experiment_id").GetString()!;
    }

    private async Task<JsonElement> GetExperimentAsync(string id) =>
        (await ApiAssert.Ok(await Get($"experiments/get?experiment_id={id}"))).GetProperty("experiment");

    private async Task<string> CreateRunAsync(string experimentId)
    {
        var body = await ApiAssert.Ok(await Post("runs/create", $$"""{"experiment_id":"{{experimentId}}"}"""));
        return body.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    private async Task<string?> RunStageAsync(string runId) =>
        (await ApiAssert.Ok(await Get($"runs/get?run_id={runId}"))).GetProperty("run").GetProperty("info").GetProperty("lifecycle_stage").GetString();

    private async Task<string?> StageAsync(string experimentId) => (await GetExperimentAsync(experimentId)).GetProperty("lifecycle_stage").GetString();

    private static Dictionary<string, string?> Tags(JsonElement experiment) =>
        experiment.TryGetProperty("tags", out var tags)
            ? tags.EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString())
            : new Dictionary<string, string?>();

    [Fact]
    public async Task Create_returns_the_id_as_a_string()
    {
        var body = await ApiAssert.Ok(await Post("experiments/create", $$"""{"name":"{{Names.Unique("exp")}}"}"""));
        var id = body.GetProperty("experiment_id");
        Assert.Equal(JsonValueKind.String, id.ValueKind);
        Assert.Matches("^[0-9]+$", id.GetString());
        Assert.Equal($$"""{"experiment_id":"{{id.GetString()}}"}""", body.GetRawText());
    }

    [Fact]
    public async Task Get_returns_the_experiment_shape()
    {
        var name = Names.Unique("exp");
        var id = await CreateExperimentAsync(name);
        var experiment = await GetExperimentAsync(id);
        Assert.Equal("artifact_location,creation_time,experiment_id,last_update_time,lifecycle_stage,name,workspace",
            string.Join(',', experiment.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.Equal(id, experiment.GetProperty("experiment_id").GetString());
        Assert.Equal(name, experiment.GetProperty("name").GetString());
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/default/{id}", experiment.GetProperty("artifact_location").GetString());
        Assert.Equal("active", experiment.GetProperty("lifecycle_stage").GetString());
        Assert.Equal("default", experiment.GetProperty("workspace").GetString());
        var created = experiment.GetProperty("creation_time").GetInt64();
        Assert.InRange(created, 1_600_000_000_000L, 9_999_999_999_999L);
        Assert.Equal(created, experiment.GetProperty("last_update_time").GetInt64());
        Assert.False(experiment.TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Create_with_tags_returns_them()
    {
        var body = await ApiAssert.Ok(await Post("experiments/create",
            $$"""{"name":"{{Names.Unique("exp")}}","tags":[{"key":"team","value":"ml"},{"key":"area","value":"vision"}]}"""));
        var tags = Tags(await GetExperimentAsync(body.GetProperty("experiment_id").GetString()!));
        Assert.Equal(2, tags.Count);
        Assert.Equal("ml", tags["team"]);
        Assert.Equal("vision", tags["area"]);
    }

    [Fact]
    public async Task Create_with_a_taken_name_is_resource_already_exists()
    {
        var name = Names.Unique("dup");
        await CreateExperimentAsync(name);
        await ApiAssert.Error(await Post("experiments/create", $$"""{"name":"{{name}}"}"""), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
            $"Experiment(name={name}) already exists.");
    }

    [Fact]
    public async Task A_deleted_experiment_keeps_its_name()
    {
        var name = Names.Unique("dup");
        var id = await CreateExperimentAsync(name);
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""));
        await ApiAssert.Error(await Post("experiments/create", $$"""{"name":"{{name}}"}"""), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
            $"Experiment(name={name}) already exists.");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name":""}""")]
    public async Task Create_without_a_name_is_missing_value(string json) =>
        await ApiAssert.Error(await Post("experiments/create", json), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'name'.");

    [Fact]
    public async Task Create_with_a_501_character_name_is_refused() =>
        await ApiAssert.Error(await Post("experiments/create", $$"""{"name":"{{new string('a', 501)}}"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "'name' exceeds the maximum length of 500 characters");

    [Fact]
    public async Task Create_with_a_500_character_name_works()
    {
        var name = Names.Unique("long").PadRight(500, 'x');
        var id = await CreateExperimentAsync(name);
        Assert.Equal(name, (await GetExperimentAsync(id)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_with_an_artifact_location_is_refused_when_workspaces_are_enabled() =>
        await ApiAssert.Error(await Post("experiments/create", $$"""{"name":"{{Names.Unique("loc")}}","artifact_location":"file:///tmp/custom"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "artifact_location cannot be specified when workspaces are enabled");

    [Fact]
    public async Task Create_with_a_text_content_type_is_refused() =>
        await ApiAssert.Error(
            await Client.SendAsync(Json(HttpMethod.Post, $"{Api}/experiments/create", $$"""{"name":"{{Names.Unique("ct")}}"}""").WithContentType("text/plain"), Ct),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Bad Request. Content-Type must be one of [application/json].");

    [Fact]
    public async Task Get_experiment_zero_is_the_default_experiment()
    {
        var experiment = await GetExperimentAsync("0");
        Assert.Equal("0", experiment.GetProperty("experiment_id").GetString());
        Assert.Equal("Default", experiment.GetProperty("name").GetString());
        Assert.Equal("default", experiment.GetProperty("workspace").GetString());
        Assert.Equal("file:///tmp/mlflow-art/0", experiment.GetProperty("artifact_location").GetString());
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_not_found() =>
        await ApiAssert.Error(await Get("experiments/get?experiment_id=987654321"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            "No Experiment with id=987654321 exists");

    [Fact]
    public async Task Get_of_a_non_numeric_id_is_invalid() =>
        await ApiAssert.Error(await Get("experiments/get?experiment_id=abc"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid experiment ID 'abc'");

    [Fact]
    public async Task Get_by_name_finds_the_experiment_and_an_unknown_name_is_not_found()
    {
        var name = Names.Unique("byname");
        var id = await CreateExperimentAsync(name);
        var found = await ApiAssert.Ok(await Get($"experiments/get-by-name?experiment_name={name}"));
        Assert.Equal(id, found.GetProperty("experiment").GetProperty("experiment_id").GetString());
        var missing = Names.Unique("nope");
        await ApiAssert.Error(await Get($"experiments/get-by-name?experiment_name={missing}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Could not find experiment with name '{missing}'");
    }

    [Fact]
    public async Task Update_renames_the_experiment()
    {
        var old = Names.Unique("old");
        var id = await CreateExperimentAsync(old);
        var renamed = Names.Unique("new");
        var body = await ApiAssert.Ok(await Post("experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{renamed}}"}"""));
        Assert.Equal("{}", body.GetRawText());
        Assert.Equal(renamed, (await GetExperimentAsync(id)).GetProperty("name").GetString());
        var byName = await ApiAssert.Ok(await Get($"experiments/get-by-name?experiment_name={renamed}"));
        Assert.Equal(id, byName.GetProperty("experiment").GetProperty("experiment_id").GetString());
        await ApiAssert.Error(await Get($"experiments/get-by-name?experiment_name={old}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Update_onto_an_existing_name_is_resource_already_exists()
    {
        var taken = Names.Unique("taken");
        await CreateExperimentAsync(taken);
        var id = await CreateExperimentAsync();
        await ApiAssert.Error(await Post("experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{taken}}"}"""), HttpStatusCode.BadRequest,
            "RESOURCE_ALREADY_EXISTS", $"Experiment(name={taken}) already exists.");
    }

    [Fact]
    public async Task Update_of_a_deleted_experiment_is_invalid_state()
    {
        var id = await CreateExperimentAsync();
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""));
        await ApiAssert.Error(await Post("experiments/update", $$"""{"experiment_id":"{{id}}","new_name":"{{Names.Unique("new")}}"}"""),
            HttpStatusCode.Conflict, "INVALID_STATE", "Cannot rename a non-active experiment.");
    }

    [Fact]
    public async Task Delete_marks_the_experiment_deleted_and_a_second_delete_is_not_found()
    {
        var id = await CreateExperimentAsync();
        var body = await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""));
        Assert.Equal("{}", body.GetRawText());
        Assert.Equal("deleted", await StageAsync(id));
        await ApiAssert.Error(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"No Experiment with id={id} exists");
    }

    [Fact]
    public async Task Restore_reactivates_and_restoring_an_active_experiment_is_not_found()
    {
        var id = await CreateExperimentAsync();
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""));
        Assert.Equal("{}", (await ApiAssert.Ok(await Post("experiments/restore", $$"""{"experiment_id":"{{id}}"}"""))).GetRawText());
        Assert.Equal("active", await StageAsync(id));
        await ApiAssert.Error(await Post("experiments/restore", $$"""{"experiment_id":"{{id}}"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"No Experiment with id={id} exists");
    }

    [Fact]
    public async Task Creating_a_run_in_a_deleted_experiment_is_refused()
    {
        var id = await CreateExperimentAsync();
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""));
        await ApiAssert.Error(await Post("runs/create", $$"""{"experiment_id":"{{id}}"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            $"The experiment {id} must be in the 'active' state. Current state is deleted.");
    }

    [Fact]
    public async Task Runs_follow_their_experiment_through_delete_and_restore()
    {
        var id = await CreateExperimentAsync();
        var run = await CreateRunAsync(id);
        Assert.Equal("active", await RunStageAsync(run));
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""));
        Assert.Equal("deleted", await RunStageAsync(run));
        await ApiAssert.Ok(await Post("experiments/restore", $$"""{"experiment_id":"{{id}}"}"""));
        Assert.Equal("active", await RunStageAsync(run));
    }

    [Fact]
    public async Task Set_experiment_tag_upserts()
    {
        var id = await CreateExperimentAsync();
        Assert.Equal("{}", (await ApiAssert.Ok(await Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"v1"}"""))).GetRawText());
        Assert.Equal("v1", Tags(await GetExperimentAsync(id))["k"]);
        await ApiAssert.Ok(await Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"v2"}"""));
        var tags = Tags(await GetExperimentAsync(id));
        Assert.Equal("v2", Assert.Single(tags).Value);
    }

    [Fact]
    public async Task Delete_experiment_tag_removes_it_and_a_missing_tag_is_not_found()
    {
        var id = await CreateExperimentAsync();
        await ApiAssert.Ok(await Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"v"}"""));
        Assert.Equal("{}", (await ApiAssert.Ok(await Post("experiments/delete-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k"}"""))).GetRawText());
        Assert.False((await GetExperimentAsync(id)).TryGetProperty("tags", out _));
        await ApiAssert.Error(await Post("experiments/delete-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k"}"""), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"No tag with name: k in experiment with id {id}");
    }

    [Fact]
    public async Task Set_experiment_tag_with_a_value_over_5000_characters_is_refused()
    {
        var id = await CreateExperimentAsync();
        await ApiAssert.Error(await Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"{{new string('v', 5001)}}"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "'value' exceeds the maximum length of 5000 characters");
        Assert.False((await GetExperimentAsync(id)).TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Set_experiment_tag_on_a_deleted_experiment_is_refused()
    {
        var id = await CreateExperimentAsync();
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{id}}"}"""));
        await ApiAssert.Error(await Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{id}}","key":"k","value":"v"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"The experiment {id} must be in the 'active' state. Current state is deleted.");
    }
}

public sealed class ExperimentApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : ExperimentApiTests<SqliteDb>(f);

public sealed class ExperimentApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : ExperimentApiTests<PostgresDb>(f);

public sealed class ExperimentApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : ExperimentApiTests<MySqlDb>(f);
