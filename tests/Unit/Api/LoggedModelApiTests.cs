using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>MLflow 3 logged models over HTTP (reference mlflow-rest-api.md §2.5 and §5), including cross-workspace 404s.</summary>
public abstract class LoggedModelApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";
    private const string Models = Api + "/logged-models";

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        Client.SendAsync(Json(method, url, json, workspace), Ct);

    private async Task<string> CreateWorkspaceAsync()
    {
        var name = Names.Unique("team");
        await ApiAssert.Ok(await Send(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{name}}"}"""), HttpStatusCode.Created);
        return name;
    }

    private async Task<string> CreateExperimentAsync(string? workspace = null)
    {
        var body = await ApiAssert.Ok(await Send(HttpMethod.Post, $"{Api}/experiments/create", $$"""{"name":"{{Names.Unique("exp")}}"}""", workspace));
        return body.GetProperty("experiment_id").GetString()!;
    }

    /// <summary>Creates a model; <paramref name="extra"/> is appended to the body after experiment_id (starting with a comma).</summary>
    private async Task<JsonElement> CreateModelAsync(string experimentId, string extra = "", string? workspace = null) =>
        (await ApiAssert.Ok(await Send(HttpMethod.Post, Models, $$"""{"experiment_id":"{{experimentId}}"{{extra}}}""", workspace))).GetProperty("model");

    private async Task<JsonElement> GetModelAsync(string modelId, string? workspace = null) =>
        (await ApiAssert.Ok(await Send(HttpMethod.Get, $"{Models}/{modelId}", null, workspace))).GetProperty("model");

    private static string ModelId(JsonElement model) => model.GetProperty("info").GetProperty("model_id").GetString()!;

    private static Dictionary<string, string?> Pairs(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var list)
            ? list.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.TryGetProperty("value", out var v) ? v.GetString() : null)
            : new Dictionary<string, string?>();

    private static async Task ModelNotFoundAsync(HttpResponseMessage response, string modelId) =>
        await ApiAssert.Error(response, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Logged model with ID '{modelId}' not found.");

    [Fact]
    public async Task Create_returns_a_pending_model_with_params_and_tags()
    {
        var experiment = await CreateExperimentAsync();
        var name = Names.Unique("model");
        var model = await CreateModelAsync(experiment,
            $$""","name":"{{name}}","model_type":"Agent","params":[{"key":"alpha","value":"0.5"}],"tags":[{"key":"k","value":"v"}]""");
        var info = model.GetProperty("info");
        var id = info.GetProperty("model_id").GetString()!;
        Assert.Matches("^m-[0-9a-f]{32}$", id);
        Assert.Equal(experiment, info.GetProperty("experiment_id").GetString());
        Assert.Equal(name, info.GetProperty("name").GetString());
        Assert.Equal("LOGGED_MODEL_PENDING", info.GetProperty("status").GetString());
        Assert.Equal("Agent", info.GetProperty("model_type").GetString());
        var artifactUri = info.GetProperty("artifact_uri").GetString();
        Assert.EndsWith($"/models/{id}/artifacts", artifactUri, StringComparison.Ordinal);
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/default/{experiment}/models/{id}/artifacts", artifactUri);
        var created = info.GetProperty("creation_timestamp_ms").GetInt64();
        Assert.InRange(created, 1_600_000_000_000L, 9_999_999_999_999L);
        Assert.Equal(created, info.GetProperty("last_updated_timestamp_ms").GetInt64());
        Assert.Equal("v", Assert.Single(Pairs(info, "tags"), t => t.Key == "k").Value);
        Assert.Equal("0.5", Assert.Single(Pairs(model.GetProperty("data"), "params"), p => p.Key == "alpha").Value);
    }

    [Fact]
    public async Task Create_without_a_name_generates_one()
    {
        var model = await CreateModelAsync(await CreateExperimentAsync());
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]{1,3}$", model.GetProperty("info").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_returns_the_created_model()
    {
        var created = await CreateModelAsync(await CreateExperimentAsync(), ""","tags":[{"key":"k","value":"v"}],"params":[{"key":"p","value":"1"}]""");
        var got = await GetModelAsync(ModelId(created));
        Assert.Equal(created.GetRawText(), got.GetRawText());
    }

    [Fact]
    public async Task Finalize_sets_the_status()
    {
        var id = ModelId(await CreateModelAsync(await CreateExperimentAsync()));
        var body = await ApiAssert.Ok(await Send(HttpMethod.Patch, $"{Models}/{id}", """{"status":"LOGGED_MODEL_READY"}"""));
        Assert.Equal("LOGGED_MODEL_READY", body.GetProperty("model").GetProperty("info").GetProperty("status").GetString());
        Assert.Equal("LOGGED_MODEL_READY", (await GetModelAsync(id)).GetProperty("info").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Finalize_without_a_status_is_missing_value()
    {
        var id = ModelId(await CreateModelAsync(await CreateExperimentAsync()));
        await ApiAssert.Error(await Send(HttpMethod.Patch, $"{Models}/{id}", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'status'.");
    }

    [Fact]
    public async Task Delete_hides_the_model_and_a_second_delete_is_not_found()
    {
        var id = ModelId(await CreateModelAsync(await CreateExperimentAsync()));
        var body = await ApiAssert.Ok(await Send(HttpMethod.Delete, $"{Models}/{id}"));
        Assert.Equal("{}", body.GetRawText());
        await ModelNotFoundAsync(await Send(HttpMethod.Get, $"{Models}/{id}"), id);
        await ModelNotFoundAsync(await Send(HttpMethod.Delete, $"{Models}/{id}"), id);
    }

    [Fact]
    public async Task Get_of_an_unknown_model_is_not_found()
    {
        var id = "m-" + Guid.NewGuid().ToString("N");
        await ModelNotFoundAsync(await Send(HttpMethod.Get, $"{Models}/{id}"), id);
    }

    [Fact]
    public async Task Set_tags_upserts_and_returns_the_model()
    {
        var id = ModelId(await CreateModelAsync(await CreateExperimentAsync(), ""","tags":[{"key":"k","value":"v1"}]"""));
        var body = await ApiAssert.Ok(await Send(HttpMethod.Patch, $"{Models}/{id}/tags",
            """{"tags":[{"key":"k","value":"v2"},{"key":"new","value":"n"}]}"""));
        var tags = Pairs(body.GetProperty("model").GetProperty("info"), "tags");
        Assert.Equal(2, tags.Count);
        Assert.Equal("v2", tags["k"]);
        Assert.Equal("n", tags["new"]);
        var stored = Pairs((await GetModelAsync(id)).GetProperty("info"), "tags");
        Assert.Equal("v2", stored["k"]);
        Assert.Equal("n", stored["new"]);
    }

    [Fact]
    public async Task Delete_tag_removes_it_and_a_missing_tag_is_not_found()
    {
        var id = ModelId(await CreateModelAsync(await CreateExperimentAsync(), ""","tags":[{"key":"k","value":"v"},{"key":"keep","value":"x"}]"""));
        var body = await ApiAssert.Ok(await Send(HttpMethod.Delete, $"{Models}/{id}/tags/k"));
        Assert.Equal("{}", body.GetRawText());
        var tags = Pairs((await GetModelAsync(id)).GetProperty("info"), "tags");
        Assert.Equal("keep", Assert.Single(tags).Key);
        await ApiAssert.Error(await Send(HttpMethod.Delete, $"{Models}/{id}/tags/k"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Log_params_adds_params()
    {
        var id = ModelId(await CreateModelAsync(await CreateExperimentAsync(), ""","params":[{"key":"alpha","value":"0.5"}]"""));
        var body = await ApiAssert.Ok(await Send(HttpMethod.Post, $"{Models}/{id}/params", """{"params":[{"key":"beta","value":"2"}]}"""));
        Assert.Equal("{}", body.GetRawText());
        var parameters = Pairs((await GetModelAsync(id)).GetProperty("data"), "params");
        Assert.Equal(2, parameters.Count);
        Assert.Equal("0.5", parameters["alpha"]);
        Assert.Equal("2", parameters["beta"]);
    }

    [Fact]
    public async Task Artifact_directories_answer_the_root_uri()
    {
        var model = await CreateModelAsync(await CreateExperimentAsync());
        var id = ModelId(model);
        var body = await ApiAssert.Ok(await Send(HttpMethod.Get, $"{Models}/{id}/artifacts/directories"));
        Assert.Equal(model.GetProperty("info").GetProperty("artifact_uri").GetString(), body.GetProperty("root_uri").GetString());
        Assert.False(body.TryGetProperty("files", out _));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("a:b")]
    public async Task Create_with_a_bad_name_is_refused(string name)
    {
        var experiment = await CreateExperimentAsync();
        await ApiAssert.Error(await Send(HttpMethod.Post, Models, $$"""{"experiment_id":"{{experiment}}","name":"{{name}}"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", $"Invalid model name ('{name}') provided.");
    }

    [Fact]
    public async Task Create_without_an_experiment_id_is_missing_value() =>
        await ApiAssert.Error(await Send(HttpMethod.Post, Models, """{"name":"m"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'experiment_id'.");

    [Fact]
    public async Task Create_in_an_unknown_experiment_is_not_found() =>
        await ApiAssert.Error(await Send(HttpMethod.Post, Models, """{"experiment_id":"987654321"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            "No Experiment with id=987654321 exists");

    [Fact]
    public async Task Create_in_a_deleted_experiment_is_refused()
    {
        var experiment = await CreateExperimentAsync();
        await ApiAssert.Ok(await Send(HttpMethod.Post, $"{Api}/experiments/delete", $$"""{"experiment_id":"{{experiment}}"}"""));
        await ApiAssert.Error(await Send(HttpMethod.Post, Models, $$"""{"experiment_id":"{{experiment}}"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", $"The experiment {experiment} must be in the 'active' state. Current state is deleted.");
    }

    [Fact]
    public async Task Create_in_another_workspaces_experiment_is_not_found()
    {
        var ws = await CreateWorkspaceAsync();
        var experiment = await CreateExperimentAsync(ws);
        await ApiAssert.Error(await Send(HttpMethod.Post, Models, $$"""{"experiment_id":"{{experiment}}"}"""), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={experiment} exists");
        var model = await CreateModelAsync(experiment, workspace: ws);
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/{ws}/{experiment}/models/{ModelId(model)}/artifacts",
            model.GetProperty("info").GetProperty("artifact_uri").GetString());
    }

    [Fact]
    public async Task Another_workspaces_model_is_not_found_for_reads_and_writes()
    {
        var ws = await CreateWorkspaceAsync();
        var id = ModelId(await CreateModelAsync(await CreateExperimentAsync(ws), ""","tags":[{"key":"k","value":"v"}]""", ws));
        await ModelNotFoundAsync(await Send(HttpMethod.Get, $"{Models}/{id}"), id);
        await ModelNotFoundAsync(await Send(HttpMethod.Patch, $"{Models}/{id}", """{"status":"LOGGED_MODEL_READY"}"""), id);
        await ModelNotFoundAsync(await Send(HttpMethod.Patch, $"{Models}/{id}/tags", """{"tags":[{"key":"k","value":"stolen"}]}"""), id);
        await ModelNotFoundAsync(await Send(HttpMethod.Delete, $"{Models}/{id}/tags/k"), id);
        await ModelNotFoundAsync(await Send(HttpMethod.Post, $"{Models}/{id}/params", """{"params":[{"key":"p","value":"v"}]}"""), id);
        await ModelNotFoundAsync(await Send(HttpMethod.Get, $"{Models}/{id}/artifacts/directories"), id);
        await ModelNotFoundAsync(await Send(HttpMethod.Delete, $"{Models}/{id}"), id);

        var model = await GetModelAsync(id, ws);
        Assert.Equal("LOGGED_MODEL_PENDING", model.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal("v", Pairs(model.GetProperty("info"), "tags")["k"]);
        Assert.False(model.GetProperty("data").TryGetProperty("params", out _));
    }
}

public sealed class LoggedModelApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : LoggedModelApiTests<SqliteDb>(f);

public sealed class LoggedModelApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : LoggedModelApiTests<PostgresDb>(f);

public sealed class LoggedModelApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : LoggedModelApiTests<MySqlDb>(f);
