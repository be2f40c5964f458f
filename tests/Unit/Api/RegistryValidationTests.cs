using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Validation errors of the registry endpoints, each with MLflow's code and message.</summary>
public abstract class RegistryValidationTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private readonly RegistryClient _registry = new(fixture);

    private async Task<string> ModelWithVersionAsync()
    {
        var name = Names.Unique("val");
        await _registry.CreateModelAsync(name);
        await _registry.CreateVersionAsync(name, "s3://b/1");
        return name;
    }

    [Fact]
    public async Task Tag_keys_and_values_are_validated()
    {
        var name = await ModelWithVersionAsync();
        await ApiAssert.Error(await _registry.PostAsync("registered-models/set-tag", $$"""{"name":"{{name}}","key":"a//b","value":"v"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid value \"a//b\" for parameter 'key' supplied");
        await ApiAssert.Error(await _registry.PostAsync("registered-models/set-tag", $$"""{"name":"{{name}}","key":"k","value":"{{new string('v', 5001)}}"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "'value' exceeds the maximum length of 5000 characters");
        await ApiAssert.Error(await _registry.PostAsync("model-versions/set-tag", $$"""{"name":"{{name}}","version":"1","key":"{{new string('k', 251)}}","value":"v"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "'key' exceeds the maximum length of 250 characters");
        await ApiAssert.Error(await _registry.PostAsync("registered-models/set-tag", $$"""{"name":"{{name}}","value":"v"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'key'.");
    }

    [Fact]
    public async Task Version_tags_update_and_delete()
    {
        var name = await ModelWithVersionAsync();
        await ApiAssert.Ok(await _registry.PostAsync("model-versions/set-tag", $$"""{"name":"{{name}}","version":"1","key":"k","value":"v"}"""));
        await ApiAssert.Ok(await _registry.SendAsync(HttpMethod.Delete, "model-versions/delete-tag", $$"""{"name":"{{name}}","version":"1","key":"k"}"""));
        var updated = await ApiAssert.Ok(await _registry.SendAsync(HttpMethod.Patch, "model-versions/update", $$"""{"name":"{{name}}","version":"1","description":"d"}"""));
        Assert.Equal("d", updated.GetProperty("model_version").GetProperty("description").GetString());
        Assert.False(updated.GetProperty("model_version").TryGetProperty("tags", out _));
        await ApiAssert.Error(await _registry.PostAsync("model-versions/set-tag", $$"""{"name":"{{name}}","version":"7","key":"k","value":"v"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Model Version (name={name}, version=7) not found");
    }

    [Fact]
    public async Task Stage_and_archive_rules()
    {
        var name = await ModelWithVersionAsync();
        await ApiAssert.Error(await _registry.PostAsync("registered-models/get-latest-versions", $$"""{"name":"{{name}}","stages":["Nope"]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid Model Version stage: Nope.");
        await ApiAssert.Error(await _registry.PostAsync("model-versions/transition-stage",
                $$"""{"name":"{{name}}","version":"1","stage":"Archived","archive_existing_versions":true}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Model version transition cannot archive existing model versions because 'Archived' is not an Active stage.");
        await ApiAssert.Error(await _registry.PostAsync("model-versions/transition-stage", $$"""{"name":"{{name}}","version":"1"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'stage'.");
    }

    [Fact]
    public async Task Rename_onto_a_taken_name_and_missing_new_name()
    {
        var name = await ModelWithVersionAsync();
        var other = await ModelWithVersionAsync();
        await ApiAssert.Error(await _registry.PostAsync("registered-models/rename", $$"""{"name":"{{name}}","new_name":"{{other}}"}"""),
            HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", $"Registered Model (name={other}) already exists.");
        await ApiAssert.Error(await _registry.PostAsync("registered-models/rename", $$"""{"name":"{{name}}"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'new_name'.");
    }

    [Fact]
    public async Task Search_versions_by_run_ids_and_bad_order()
    {
        var tracking = new TrackingClient(fixture);
        var run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
        var name = Names.Unique("rid");
        await _registry.CreateModelAsync(name);
        await _registry.CreateVersionAsync(name, "s3://b/1", $$""","run_id":"{{run}}" """);
        var found = await ApiAssert.Ok(await _registry.GetAsync($"model-versions/search?filter={Uri.EscapeDataString($"run_id IN ('{run}')")}"));
        Assert.Equal(name, found.GetProperty("model_versions")[0].GetProperty("name").GetString());
        await ApiAssert.Error(await _registry.GetAsync("model-versions/search?order_by=color%20ASC"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid order by key 'color' specified.");
        await ApiAssert.Error(await _registry.GetAsync("registered-models/search?order_by=name%20SIDEWAYS"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid ordering key in order_by clause 'name SIDEWAYS'.");
        await ApiAssert.Error(await _registry.GetAsync($"model-versions/search?filter={Uri.EscapeDataString("version_number LIKE '1'")}"),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid comparator for attribute version_number: LIKE");
    }
}

public sealed class RegistryValidationTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : RegistryValidationTests<SqliteDb>(f);

public sealed class RegistryValidationTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : RegistryValidationTests<PostgresDb>(f);

public sealed class RegistryValidationTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : RegistryValidationTests<MySqlDb>(f);
