using System.Net;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Prompts on the registry (reference §7), registry search, and workspace isolation of the registry.</summary>
public abstract class PromptAndRegistrySearchTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string PromptTag = """{"key":"mlflow.prompt.is_prompt","value":"true"}""";
    private readonly RegistryClient _registry = new(fixture);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> WorkspaceAsync()
    {
        var name = Names.Unique("reg");
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{name}}"}"""), Ct), HttpStatusCode.Created);
        return name;
    }

    [Fact]
    public async Task Prompt_versions_carry_the_template_and_limits_apply()
    {
        var name = Names.Unique("qa");
        await _registry.CreateModelAsync(name, $$""","tags":[{{PromptTag}}]""");
        var version = await _registry.CreateVersionAsync(name, "dummy-source",
            $$$""","description":"v1","tags":[{{{PromptTag}}},{"key":"mlflow.prompt.text","value":"Answer {{question}}"},{"key":"_mlflow_prompt_type","value":"text"}]""");
        Assert.Equal("v1", version.GetProperty("description").GetString());
        Assert.Contains(version.GetProperty("tags").EnumerateArray(), t => t.GetProperty("value").GetString() == "Answer {{question}}");
        await ApiAssert.Error(await _registry.PostAsync("model-versions/create",
                $$"""{"name":"{{name}}","source":"dummy-source","tags":[{{PromptTag}},{"key":"mlflow.prompt.text","value":"{{new string('x', 5001)}}"}]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Prompt text exceeds max length of 5000 characters.");
        await ApiAssert.Error(await _registry.PostAsync("model-versions/create", $$"""{"name":"{{name}}","source":"/tmp/prompt","tags":[{{PromptTag}}]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid prompt source: '/tmp/prompt'. Local source paths are not allowed for prompts.");
        await ApiAssert.Ok(await _registry.PostAsync("registered-models/alias", $$"""{"name":"{{name}}","alias":"production","version":"1"}"""));
        var byAlias = await ApiAssert.Ok(await _registry.GetAsync($"registered-models/alias?name={name}&alias=production"));
        Assert.Equal("1", byAlias.GetProperty("model_version").GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_model_and_a_prompt_cannot_share_a_name()
    {
        var model = Names.Unique("m");
        var prompt = Names.Unique("p");
        await _registry.CreateModelAsync(model);
        await _registry.CreateModelAsync(prompt, $$""","tags":[{{PromptTag}}]""");
        await ApiAssert.Error(await _registry.PostAsync("registered-models/create", $$"""{"name":"{{model}}","tags":[{{PromptTag}}]}"""), HttpStatusCode.BadRequest,
            "RESOURCE_ALREADY_EXISTS", $"Tried to create a prompt with name '{model}', but the name is already taken by a registered model. "
                + "MLflow does not allow creating a model and a prompt with the same name.");
        await ApiAssert.Error(await _registry.PostAsync("registered-models/create", $$"""{"name":"{{prompt}}"}"""), HttpStatusCode.BadRequest,
            "RESOURCE_ALREADY_EXISTS", $"Tried to create a registered model with name '{prompt}', but the name is already taken by a prompt.");
        await ApiAssert.Error(await _registry.PostAsync("registered-models/create", $$"""{"name":"{{prompt}}","tags":[{{PromptTag}}]}"""), HttpStatusCode.BadRequest,
            "RESOURCE_ALREADY_EXISTS", $"Prompt (name={prompt}) already exists.");
    }

    [Fact]
    public async Task Search_separates_models_from_prompts_like_the_client_expects()
    {
        var ws = await WorkspaceAsync();
        var registry = new RegistryClient(fixture, ws);
        await registry.CreateModelAsync("model-a");
        await registry.CreateModelAsync("model-b", ""","tags":[{"key":"team","value":"ml"}]""");
        await registry.CreateModelAsync("prompt-a", $$""","tags":[{{PromptTag}}]""");
        async Task<string[]> Names(string filter)
        {
            var body = await ApiAssert.Ok(await registry.GetAsync($"registered-models/search?filter={Uri.EscapeDataString(filter)}"));
            return body.TryGetProperty("registered_models", out var list) ? list.EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToArray() : [];
        }
        Assert.Equal(["model-a", "model-b"], await Names("tag.`mlflow.prompt.is_prompt` != 'true'"));
        Assert.Equal(["prompt-a"], await Names("tag.`mlflow.prompt.is_prompt` = 'true'"));
        Assert.Equal(["model-a", "model-b"], await Names(""));
        Assert.Equal(["model-b"], await Names("tags.team = 'ml' AND tag.`mlflow.prompt.is_prompt` != 'true'"));
        Assert.Equal(["model-a"], await Names("name LIKE 'model-_' AND name != 'model-b'"));
        Assert.Equal(["model-a", "model-b"], await Names("name ILIKE 'MODEL-%'"));
        await ApiAssert.Error(await registry.GetAsync($"registered-models/search?filter={Uri.EscapeDataString("foo = 'x'")}"), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid attribute key 'foo' specified.");
        await ApiAssert.Error(await registry.GetAsync("registered-models/search?max_results=1001"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid value for request parameter max_results. It must be at most 1000, but got value 1001");
        var page = await ApiAssert.Ok(await registry.GetAsync("registered-models/search?max_results=1&order_by=name%20DESC"));
        Assert.Equal("model-b", page.GetProperty("registered_models")[0].GetProperty("name").GetString());
        Assert.True(page.TryGetProperty("next_page_token", out _));
    }

    [Fact]
    public async Task Model_version_search_filters_by_name_run_and_version()
    {
        var ws = await WorkspaceAsync();
        var registry = new RegistryClient(fixture, ws);
        await registry.CreateModelAsync("vs");
        for (var i = 0; i < 3; i++)
            await registry.CreateVersionAsync("vs", $"s3://b/{i}");
        var body = await ApiAssert.Ok(await registry.GetAsync($"model-versions/search?filter={Uri.EscapeDataString("name = 'vs' AND version_number >= 2")}"));
        Assert.Equal(["3", "2"], body.GetProperty("model_versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var ordered = await ApiAssert.Ok(await registry.GetAsync($"model-versions/search?filter={Uri.EscapeDataString("name = 'vs'")}&order_by=version_number%20ASC"));
        Assert.Equal(["1", "2", "3"], ordered.GetProperty("model_versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Same_name_in_two_workspaces_and_foreign_names_are_not_found()
    {
        var (a, b) = (await WorkspaceAsync(), await WorkspaceAsync());
        var (ra, rb) = (new RegistryClient(fixture, a), new RegistryClient(fixture, b));
        await ra.CreateModelAsync("shared");
        await rb.CreateModelAsync("shared");
        await ra.CreateModelAsync("only-a");
        await ra.CreateVersionAsync("only-a", "s3://b/1");
        var notFound = "Registered Model with name=only-a not found";
        await ApiAssert.Error(await rb.GetAsync("registered-models/get?name=only-a"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        await ApiAssert.Error(await rb.PostAsync("model-versions/create", """{"name":"only-a","source":"s3://b/2"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        await ApiAssert.Error(await rb.PostAsync("registered-models/rename", """{"name":"only-a","new_name":"stolen"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await rb.SendAsync(HttpMethod.Delete, "registered-models/delete", """{"name":"only-a"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await rb.PostAsync("registered-models/alias", """{"name":"only-a","alias":"x","version":"1"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await rb.GetAsync("model-versions/get?name=only-a&version=1"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await rb.GetAsync("model-versions/get-download-uri?name=only-a&version=1"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await rb.PostAsync("model-versions/transition-stage", """{"name":"only-a","version":"1","stage":"Production"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var search = await ApiAssert.Ok(await rb.GetAsync("registered-models/search"));
        Assert.Equal(["shared"], search.GetProperty("registered_models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var versions = await ApiAssert.Ok(await rb.GetAsync("model-versions/search"));
        Assert.Equal("{}", versions.GetRawText());
    }

    [Fact]
    public async Task Workspace_delete_modes_cover_models_and_prompts()
    {
        var ws = await WorkspaceAsync();
        var registry = new RegistryClient(fixture, ws);
        var clash = Names.Unique("clash");
        await registry.CreateModelAsync(clash);
        await registry.CreateVersionAsync(clash, "s3://b/1");
        await _registry.CreateModelAsync(clash);
        var del = $"/api/3.0/mlflow/workspaces/{ws}";
        await ApiAssert.Error(await fixture.Client.SendAsync(Json(HttpMethod.Delete, del, null), Ct), HttpStatusCode.Conflict, "INVALID_STATE",
            $"Cannot delete workspace '{ws}': table 'registered_models' still contains 1 resource(s).");
        var conflict = await ApiAssert.Error(await fixture.Client.SendAsync(Json(HttpMethod.Delete, $"{del}?mode=SET_DEFAULT", null), Ct), HttpStatusCode.Conflict, "INVALID_STATE");
        Assert.Contains($"registered_models: '{clash}'", conflict, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.SendAsync(Json(HttpMethod.Delete, $"{del}?mode=CASCADE", null), Ct)).StatusCode);
        await using var db = fixture.Db();
        Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.RegisteredModels), m => m.Workspace == ws, Ct));
    }
}

public sealed class PromptAndRegistrySearchTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : PromptAndRegistrySearchTests<SqliteDb>(f);

public sealed class PromptAndRegistrySearchTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : PromptAndRegistrySearchTests<PostgresDb>(f);

public sealed class PromptAndRegistrySearchTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : PromptAndRegistrySearchTests<MySqlDb>(f);
