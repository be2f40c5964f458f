using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Registered models, versions, aliases and stages (reference mlflow-rest-api.md §6, §14 S1–S5).</summary>
public abstract class RegistryApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private readonly RegistryClient _registry = new(fixture);

    [Fact]
    public async Task Create_get_and_duplicate()
    {
        var name = Names.Unique("model");
        var created = await _registry.CreateModelAsync(name, ""","description":"churn model","tags":[{"key":"team","value":"ml"}]""");
        Assert.Equal(name, created.GetProperty("name").GetString());
        Assert.Equal("churn model", created.GetProperty("description").GetString());
        Assert.Equal("ml", created.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.False(created.TryGetProperty("latest_versions", out _));
        var got = await ApiAssert.Ok(await _registry.GetAsync($"registered-models/get?name={name}"));
        Assert.Equal(created.GetRawText(), got.GetProperty("registered_model").GetRawText());
        await ApiAssert.Error(await _registry.PostAsync("registered-models/create", $$"""{"name":"{{name}}"}"""), HttpStatusCode.BadRequest,
            "RESOURCE_ALREADY_EXISTS", $"Registered Model (name={name}) already exists.");
        await ApiAssert.Error(await _registry.PostAsync("registered-models/create", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'name'.");
        await ApiAssert.Error(await _registry.GetAsync("registered-models/get?name=nope-model"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            "Registered Model with name=nope-model not found");
    }

    [Fact]
    public async Task Versions_are_numbered_from_one_and_never_reused()
    {
        var name = Names.Unique("ver");
        await _registry.CreateModelAsync(name);
        var v1 = await _registry.CreateVersionAsync(name, "s3://bucket/model/1");
        Assert.Equal(("1", "None", "READY"), (v1.GetProperty("version").GetString(), v1.GetProperty("current_stage").GetString(), v1.GetProperty("status").GetString()));
        Assert.Equal("2", (await _registry.CreateVersionAsync(name, "s3://bucket/model/2")).GetProperty("version").GetString());
        await ApiAssert.Ok(await _registry.SendAsync(HttpMethod.Delete, "model-versions/delete", $$"""{"name":"{{name}}","version":"2"}"""));
        await ApiAssert.Error(await _registry.GetAsync($"model-versions/get?name={name}&version=2"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Model Version (name={name}, version=2) not found");
        Assert.Equal("3", (await _registry.CreateVersionAsync(name, "s3://bucket/model/3")).GetProperty("version").GetString());
        await ApiAssert.Error(await _registry.GetAsync($"model-versions/get?name={name}&version=x"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Parameter 'version' must be an integer, got 'x'.");
        var model = await ApiAssert.Ok(await _registry.GetAsync($"registered-models/get?name={name}"));
        Assert.Equal(["3"], model.GetProperty("registered_model").GetProperty("latest_versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Stages_transition_case_insensitively_and_archive_existing()
    {
        var name = Names.Unique("stg");
        await _registry.CreateModelAsync(name);
        await _registry.CreateVersionAsync(name, "s3://b/1");
        await _registry.CreateVersionAsync(name, "s3://b/2");
        var first = await ApiAssert.Ok(await _registry.PostAsync("model-versions/transition-stage",
            $$"""{"name":"{{name}}","version":"1","stage":"production","archive_existing_versions":false}"""));
        Assert.Equal("Production", first.GetProperty("model_version").GetProperty("current_stage").GetString());
        await ApiAssert.Ok(await _registry.PostAsync("model-versions/transition-stage",
            $$"""{"name":"{{name}}","version":"2","stage":"Production","archive_existing_versions":true}"""));
        var v1 = await ApiAssert.Ok(await _registry.GetAsync($"model-versions/get?name={name}&version=1"));
        Assert.Equal("Archived", v1.GetProperty("model_version").GetProperty("current_stage").GetString());
        await ApiAssert.Error(await _registry.PostAsync("model-versions/transition-stage", $$"""{"name":"{{name}}","version":"1","stage":"Bogus"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid Model Version stage: Bogus. Value must be one of None, Staging, Production, Archived.");
        var latest = await ApiAssert.Ok(await _registry.PostAsync("registered-models/get-latest-versions", $$"""{"name":"{{name}}","stages":["production"]}"""));
        Assert.Equal(["2"], latest.GetProperty("model_versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var all = await ApiAssert.Ok(await _registry.GetAsync($"registered-models/get-latest-versions?name={name}"));
        Assert.Equal(2, all.GetProperty("model_versions").GetArrayLength());
    }

    [Fact]
    public async Task Aliases_point_move_resolve_and_go_with_their_version()
    {
        var name = Names.Unique("ali");
        await _registry.CreateModelAsync(name);
        await _registry.CreateVersionAsync(name, "s3://b/1");
        await _registry.CreateVersionAsync(name, "s3://b/2");
        await ApiAssert.Ok(await _registry.PostAsync("registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"1"}"""));
        await ApiAssert.Ok(await _registry.PostAsync("registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"2"}"""));
        var resolved = await ApiAssert.Ok(await _registry.GetAsync($"registered-models/alias?name={name}&alias=champion"));
        Assert.Equal("2", resolved.GetProperty("model_version").GetProperty("version").GetString());
        Assert.Equal(["champion"], resolved.GetProperty("model_version").GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var latest = await ApiAssert.Ok(await _registry.GetAsync($"registered-models/alias?name={name}&alias=latest"));
        Assert.Equal("2", latest.GetProperty("model_version").GetProperty("version").GetString());
        foreach (var (alias, message) in new[] { ("latest", "'latest' alias name (case insensitive) is reserved."), ("v3", "Version alias name 'v3' is reserved."),
                     ("bad alias", "Invalid alias name: 'bad alias'.") })
        {
            await ApiAssert.Error(await _registry.PostAsync("registered-models/alias", $$"""{"name":"{{name}}","alias":"{{alias}}","version":"1"}"""),
                HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        }
        await ApiAssert.Error(await _registry.PostAsync("registered-models/alias", $$"""{"name":"{{name}}","alias":"x","version":"9"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Model Version (name={name}, version=9) not found");
        await ApiAssert.Ok(await _registry.SendAsync(HttpMethod.Delete, "model-versions/delete", $$"""{"name":"{{name}}","version":"2"}"""));
        await ApiAssert.Error(await _registry.GetAsync($"registered-models/alias?name={name}&alias=champion"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", "Registered model alias champion not found.");
    }

    [Fact]
    public async Task Rename_update_delete_and_tags()
    {
        var name = Names.Unique("ren");
        var target = Names.Unique("ren2");
        await _registry.CreateModelAsync(name);
        await _registry.CreateVersionAsync(name, "s3://b/1");
        var renamed = await ApiAssert.Ok(await _registry.PostAsync("registered-models/rename", $$"""{"name":"{{name}}","new_name":"{{target}}"}"""));
        Assert.Equal(target, renamed.GetProperty("registered_model").GetProperty("name").GetString());
        Assert.Equal(target, (await ApiAssert.Ok(await _registry.GetAsync($"model-versions/get?name={target}&version=1"))).GetProperty("model_version").GetProperty("name").GetString());
        await ApiAssert.Ok(await _registry.SendAsync(HttpMethod.Patch, "registered-models/update", $$"""{"name":"{{target}}","description":"new"}"""));
        await ApiAssert.Ok(await _registry.PostAsync("registered-models/set-tag", $$"""{"name":"{{target}}","key":"k","value":"v"}"""));
        await ApiAssert.Ok(await _registry.PostAsync("model-versions/set-tag", $$"""{"name":"{{target}}","version":"1","key":"vk","value":"vv"}"""));
        var got = (await ApiAssert.Ok(await _registry.GetAsync($"registered-models/get?name={target}"))).GetProperty("registered_model");
        Assert.Equal("new", got.GetProperty("description").GetString());
        Assert.Equal("vv", got.GetProperty("latest_versions")[0].GetProperty("tags")[0].GetProperty("value").GetString());
        await ApiAssert.Ok(await _registry.SendAsync(HttpMethod.Delete, "registered-models/delete-tag", $$"""{"name":"{{target}}","key":"k"}"""));
        await ApiAssert.Ok(await _registry.SendAsync(HttpMethod.Delete, "registered-models/delete", $$"""{"name":"{{target}}"}"""));
        await ApiAssert.Error(await _registry.GetAsync($"registered-models/get?name={target}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Client_flow_run_logged_model_register_alias_download()
    {
        var tracking = new TrackingClient(fixture);
        var experiment = await tracking.CreateExperimentAsync();
        var run = await tracking.CreateRunAsync(experiment);
        var logged = await ApiAssert.Ok(await tracking.PostAsync("logged-models", $$"""{"experiment_id":"{{experiment}}","source_run_id":"{{run}}","name":"clf"}"""));
        var modelId = logged.GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;
        var artifactUri = logged.GetProperty("model").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        var name = Names.Unique("flow");
        await _registry.CreateModelAsync(name);
        var version = await _registry.CreateVersionAsync(name, $"models:/{modelId}", $$""","model_id":"{{modelId}}" """);
        Assert.Equal(run, version.GetProperty("run_id").GetString());
        Assert.Equal(modelId, version.GetProperty("model_id").GetString());
        await ApiAssert.Ok(await _registry.PostAsync("registered-models/alias", $$"""{"name":"{{name}}","alias":"champion","version":"1"}"""));
        var champion = await ApiAssert.Ok(await _registry.GetAsync($"registered-models/alias?name={name}&alias=champion"));
        Assert.Equal("1", champion.GetProperty("model_version").GetProperty("version").GetString());
        var uri = await ApiAssert.Ok(await _registry.GetAsync($"model-versions/get-download-uri?name={name}&version=1"));
        Assert.Equal(artifactUri, uri.GetProperty("artifact_uri").GetString());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("s3://bucket/../secret")]
    [InlineData("s3://bucket/%2e%2e/secret")]
    [InlineData("http://host/a/%252e%252e/b")]
    [InlineData("/tmp/outside")]
    [InlineData("file:///tmp/outside")]
    public async Task Unsafe_sources_are_refused(string source)
    {
        var name = Names.Unique("src");
        await _registry.CreateModelAsync(name);
        await ApiAssert.Error(await _registry.PostAsync("model-versions/create", JsonSerializer.Serialize(new { name, source })), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", $"Invalid model version source: '{source}'.");
    }

    [Fact]
    public async Task Local_source_inside_the_runs_artifacts_is_accepted()
    {
        var tracking = new TrackingClient(fixture);
        var run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
        var artifactUri = (await tracking.GetRunAsync(run)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        var name = Names.Unique("loc");
        await _registry.CreateModelAsync(name);
        var version = await _registry.CreateVersionAsync(name, $"{artifactUri}/model", $$""","run_id":"{{run}}" """);
        Assert.Equal($"{artifactUri}/model", version.GetProperty("source").GetString());
    }
}

public sealed class RegistryApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : RegistryApiTests<SqliteDb>(f);

public sealed class RegistryApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : RegistryApiTests<PostgresDb>(f);

public sealed class RegistryApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : RegistryApiTests<MySqlDb>(f);
