using System.Net;
using System.Text.RegularExpressions;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayTestClient;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// AI Gateway secrets and model definitions over HTTP (reference mlflow-gateway.md §1, §2, §7 cases 1–10, 17): exact
/// fields, ids and messages, masked values only, names unique per workspace.
/// </summary>
public abstract partial class GatewayApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string MissingSuffix = "See the API docs for more information about request parameters.";

    private GatewayTestClient Client => For(fixture, null);

    [GeneratedRegex("^s-[0-9a-f]{32}$")]
    private static partial Regex SecretId();

    [GeneratedRegex("^d-[0-9a-f]{32}$")]
    private static partial Regex DefinitionId();

    [Fact]
    public async Task Secret_create_answers_the_masked_form_only()
    {
        var gw = await Client.NewWorkspaceAsync();
        var secret = await gw.CreateSecretAsync("k1", extra: ""","auth_config":{"api_base":"http://localhost:1"},"created_by":"ci" """);
        Assert.Matches(SecretId(), Id(secret, "secret_id"));
        Assert.Equal("k1", Id(secret, "secret_name"));
        Assert.Equal(Masked, secret.GetProperty("masked_values").GetProperty("api_key").GetString());
        Assert.Equal("openai", secret.GetProperty("provider").GetString());
        Assert.Equal("http://localhost:1", secret.GetProperty("auth_config").GetProperty("api_base").GetString());
        Assert.Equal(("ci", "ci"), (secret.GetProperty("created_by").GetString(), secret.GetProperty("last_updated_by").GetString()));
        Assert.Equal(secret.GetProperty("created_at").GetInt64(), secret.GetProperty("last_updated_at").GetInt64());
        Assert.False(secret.TryGetProperty("workspace", out _));
        Assert.False(secret.TryGetProperty("secret_value", out _));

        var shortKey = await gw.CreateSecretAsync("k2", key: "sk-ab");
        Assert.Equal("***", shortKey.GetProperty("masked_values").GetProperty("api_key").GetString());
        var got = await ApiAssert.Ok(await gw.GetAsync($"secrets/get?secret_id={Id(secret, "secret_id")}"));
        Assert.Equal(secret.GetRawText(), got.GetProperty("secret").GetRawText());
        await ApiAssert.Ok(await gw.GetAsync("secrets/list"));
        gw.AssertNeverReturned(Key);
        gw.AssertNeverReturned("\"sk-ab\"");
    }

    [Fact]
    public async Task Secret_create_needs_a_name_and_a_value()
    {
        var gw = await Client.NewWorkspaceAsync();
        await ApiAssert.Error(await gw.PostAsync("secrets/create", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            $"Missing value for required parameter 'secret_name'. {MissingSuffix}");
        await ApiAssert.Error(await gw.PostAsync("secrets/create", """{"secret_name":"k","secret_value":{}}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'secret_value'.");
        Assert.Empty(Ids(await ApiAssert.Ok(await gw.GetAsync("secrets/list")), "secrets", "secret_id"));
    }

    [Fact]
    public async Task A_value_of_the_wrong_shape_is_refused_without_echoing_it()
    {
        // Older MLflow clients sent secret_value as a plain string: the error must not repeat the key.
        var gw = await Client.NewWorkspaceAsync();
        foreach (var value in new[] { $"\"{Key}\"", $$"""{"api_key":["{{Key}}"]}""" })
        {
            await ApiAssert.Error(await gw.PostAsync("secrets/create", $$"""{"secret_name":"k","secret_value":{{value}}}"""), HttpStatusCode.BadRequest,
                "INVALID_PARAMETER_VALUE");
        }
        var id = Id(await gw.CreateSecretAsync("k"), "secret_id");
        await ApiAssert.Error(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","secret_value":"sk-zzzzzzzz9999"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE");
        gw.AssertNeverReturned(Key);
        gw.AssertNeverReturned("sk-zzzzzzzz9999");
    }

    [Fact]
    public async Task Secret_names_are_unique_per_workspace_and_ids_are_scoped()
    {
        var a = await Client.NewWorkspaceAsync();
        var b = await Client.NewWorkspaceAsync();
        var inA = Id(await a.CreateSecretAsync("k1"), "secret_id");
        await ApiAssert.Error(await a.PostAsync("secrets/create", $$"""{"secret_name":"k1","secret_value":{"api_key":"{{Key}}"} }"""),
            HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", "Secret with name 'k1' already exists");
        var inB = Id(await b.CreateSecretAsync("k1"), "secret_id");
        Assert.NotEqual(inA, inB);
        Assert.Equal([inB], Ids(await ApiAssert.Ok(await b.GetAsync("secrets/list")), "secrets", "secret_id"));
        Assert.Equal([inA], Ids(await ApiAssert.Ok(await a.GetAsync("secrets/list")), "secrets", "secret_id"));
        await ApiAssert.Error(await b.GetAsync($"secrets/get?secret_id={inA}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"GatewaySecret not found (secret_id='{inA}')");
    }

    [Fact]
    public async Task Secret_update_replaces_what_is_given_and_keeps_the_rest()
    {
        var gw = await Client.NewWorkspaceAsync();
        var created = await gw.CreateSecretAsync("k1", extra: ""","auth_config":{"api_base":"http://a"},"created_by":"ci" """);
        var id = Id(created, "secret_id");
        var updated = (await ApiAssert.Ok(await gw.PostAsync("secrets/update",
            $$"""{"secret_id":"{{id}}","secret_value":{"api_key":"sk-zzzzzzzz9999"},"updated_by":"bot"}"""))).GetProperty("secret");
        Assert.Equal((id, "k1"), (Id(updated, "secret_id"), Id(updated, "secret_name")));
        Assert.Equal("sk-...9999", updated.GetProperty("masked_values").GetProperty("api_key").GetString());
        Assert.True(updated.GetProperty("last_updated_at").GetInt64() >= updated.GetProperty("created_at").GetInt64());
        Assert.Equal("http://a", updated.GetProperty("auth_config").GetProperty("api_base").GetString());
        Assert.Equal(("ci", "bot"), (updated.GetProperty("created_by").GetString(), updated.GetProperty("last_updated_by").GetString()));

        // An empty value and an empty auth_config keep both; a new auth_config replaces the whole map; no updated_by clears it.
        var kept = (await ApiAssert.Ok(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","secret_value":{},"auth_config":{} }""")))
            .GetProperty("secret");
        Assert.Equal("sk-...9999", kept.GetProperty("masked_values").GetProperty("api_key").GetString());
        Assert.Equal("http://a", kept.GetProperty("auth_config").GetProperty("api_base").GetString());
        Assert.False(kept.TryGetProperty("last_updated_by", out _));
        var replaced = (await ApiAssert.Ok(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{id}}","auth_config":{"api_version":"2024"} }""")))
            .GetProperty("secret").GetProperty("auth_config");
        Assert.Equal(["api_version"], replaced.EnumerateObject().Select(p => p.Name));

        await ApiAssert.Error(await gw.PostAsync("secrets/update", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            $"Missing value for required parameter 'secret_id'. {MissingSuffix}");
        var unknown = "s-" + new string('0', 32);
        await ApiAssert.Error(await gw.PostAsync("secrets/update", $$"""{"secret_id":"{{unknown}}","secret_value":{"api_key":"sk-x"} }"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"GatewaySecret not found (secret_id='{unknown}')");
        gw.AssertNeverReturned(Key);
        gw.AssertNeverReturned("sk-zzzzzzzz9999");
    }

    [Fact]
    public async Task Model_definitions_reference_a_key_of_the_same_workspace()
    {
        var a = await Client.NewWorkspaceAsync();
        var b = await Client.NewWorkspaceAsync();
        var key = Id(await a.CreateSecretAsync("k1"), "secret_id");
        var foreignKey = Id(await b.CreateSecretAsync("k1"), "secret_id");
        var m1 = await a.CreateDefinitionAsync("m1", key);
        Assert.Matches(DefinitionId(), Id(m1, "model_definition_id"));
        Assert.Equal((key, "k1", "openai", "gpt-4o"), (Id(m1, "secret_id"), Id(m1, "secret_name"), Id(m1, "provider"), Id(m1, "model_name")));
        Assert.False(m1.TryGetProperty("workspace", out _));
        await ApiAssert.Error(await a.PostAsync("model-definitions/create", $$"""{"name":"m2","secret_id":"{{key}}","model_name":"gpt-4o"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"Missing value for required parameter 'provider'. {MissingSuffix}");
        await ApiAssert.Error(await a.PostAsync("model-definitions/create",
                $$"""{"name":"m2","secret_id":"{{foreignKey}}","provider":"openai","model_name":"gpt-4o"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"GatewaySecret not found (secret_id='{foreignKey}')");
        await ApiAssert.Error(await a.PostAsync("model-definitions/create", $$"""{"name":"m1","secret_id":"{{key}}","provider":"openai","model_name":"x"}"""),
            HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", "Model definition with name 'm1' already exists");
        var got = await ApiAssert.Ok(await a.GetAsync($"model-definitions/get?model_definition_id={Id(m1, "model_definition_id")}"));
        Assert.Equal(m1.GetRawText(), got.GetProperty("model_definition").GetRawText());
        Assert.Single(Ids(await ApiAssert.Ok(await a.GetAsync("model-definitions/list")), "model_definitions", "model_definition_id"));
    }

    [Fact]
    public async Task Model_definition_update_renames_and_rekeys_within_the_workspace()
    {
        var gw = await Client.NewWorkspaceAsync();
        var other = await Client.NewWorkspaceAsync();
        var (k1, k2) = (Id(await gw.CreateSecretAsync("k1"), "secret_id"), Id(await gw.CreateSecretAsync("k2"), "secret_id"));
        var id = Id(await gw.CreateDefinitionAsync("m1", k1), "model_definition_id");
        await gw.CreateDefinitionAsync("m2", k2, "gpt-4o-mini");
        var updated = (await ApiAssert.Ok(await gw.PostAsync("model-definitions/update",
            $$"""{"model_definition_id":"{{id}}","name":"m1b","secret_id":"{{k2}}","model_name":"gpt-4.1","updated_by":"bot"}"""))).GetProperty("model_definition");
        Assert.Equal(("m1b", k2, "k2", "gpt-4.1", "bot"),
            (Id(updated, "name"), Id(updated, "secret_id"), Id(updated, "secret_name"), Id(updated, "model_name"), Id(updated, "last_updated_by")));
        await ApiAssert.Error(await gw.PostAsync("model-definitions/update", $$"""{"model_definition_id":"{{id}}","name":"m2"}"""),
            HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", "Model definition with name 'm2' already exists");
        var foreignKey = Id(await other.CreateSecretAsync("k1"), "secret_id");
        await ApiAssert.Error(await gw.PostAsync("model-definitions/update", $$"""{"model_definition_id":"{{id}}","secret_id":"{{foreignKey}}"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"GatewaySecret not found (secret_id='{foreignKey}')");

        var bySecret = await ApiAssert.Ok(await gw.GetAsync($"model-definitions/list?secret_id={k2}"));
        Assert.Equal(["m1b", "m2"], bySecret.GetProperty("model_definitions").EnumerateArray().Select(d => Id(d, "name")));
        var none = await ApiAssert.Ok(await gw.GetAsync("model-definitions/list?provider=anthropic"));
        Assert.Equal("{}", none.GetRawText());
    }

    [Fact]
    public async Task Deleting_a_key_leaves_its_definitions_without_one()
    {
        var gw = await Client.NewWorkspaceAsync();
        var key = Id(await gw.CreateSecretAsync("k1"), "secret_id");
        var m1 = Id(await gw.CreateDefinitionAsync("m1", key), "model_definition_id");
        Assert.Equal("{}", (await ApiAssert.Ok(await gw.DeleteAsync("secrets/delete", $$"""{"secret_id":"{{key}}"}"""))).GetRawText());
        var orphan = (await ApiAssert.Ok(await gw.GetAsync($"model-definitions/get?model_definition_id={m1}"))).GetProperty("model_definition");
        Assert.False(orphan.TryGetProperty("secret_id", out _));
        Assert.False(orphan.TryGetProperty("secret_name", out _));
        await ApiAssert.Error(await gw.GetAsync($"secrets/get?secret_id={key}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await gw.DeleteAsync("secrets/delete", $$"""{"secret_id":"{{key}}"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"GatewaySecret not found (secret_id='{key}')");
        Assert.Equal("{}", (await ApiAssert.Ok(await gw.DeleteAsync("model-definitions/delete", $$"""{"model_definition_id":"{{m1}}"}"""))).GetRawText());
        await ApiAssert.Error(await gw.GetAsync($"model-definitions/get?model_definition_id={m1}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"GatewayModelDefinition not found (model_definition_id='{m1}')");
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_keep_one_and_refuse_the_rest_as_duplicates()
    {
        var gw = await Client.NewWorkspaceAsync();
        var key = Id(await gw.CreateSecretAsync("k0"), "secret_id");
        var definition = Id(await gw.CreateDefinitionAsync("m0", key), "model_definition_id");
        (string Rpc, string Json)[] creates =
        [
            ("secrets/create", $$"""{"secret_name":"race","secret_value":{"api_key":"{{Key}}"} }"""),
            ("model-definitions/create", $$"""{"name":"race","secret_id":"{{key}}","provider":"openai","model_name":"gpt-4o"}"""),
            ("endpoints/create", $$"""{"name":"race","model_configs":[{"model_definition_id":"{{definition}}"}],"usage_tracking":false}"""),
        ];
        foreach (var (rpc, json) in creates)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gw.PostAsync(rpc, json)));
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1 && statuses.Count(s => s == HttpStatusCode.BadRequest) == 7,
                $"{rpc}: {string.Join(", ", statuses)}");
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
                await ApiAssert.Error(refused, HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        }
    }

    [Fact]
    public async Task The_routes_answer_under_ajax_api_too()
    {
        var gw = (await Client.NewWorkspaceAsync()).Under("/ajax-api/3.0");
        var key = Id(await gw.CreateSecretAsync("k1"), "secret_id");
        var (_, definition, endpoint) = await gw.ChainAsync("ajax");
        Assert.Equal(2, Ids(await ApiAssert.Ok(await gw.GetAsync("secrets/list")), "secrets", "secret_id").Count);
        await ApiAssert.Ok(await gw.GetAsync($"secrets/get?secret_id={key}"));
        await ApiAssert.Ok(await gw.GetAsync($"model-definitions/get?model_definition_id={definition}"));
        await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={endpoint}"));
        await ApiAssert.Ok(await gw.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"k","value":"v"}"""));
        await ApiAssert.Ok(await gw.DeleteAsync("endpoints/delete", $$"""{"endpoint_id":"{{endpoint}}"}"""));
        gw.AssertNeverReturned(Key);
    }
}

public sealed class GatewayApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : GatewayApiTests<SqliteDb>(f);

public sealed class GatewayApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : GatewayApiTests<PostgresDb>(f);

public sealed class GatewayApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : GatewayApiTests<MySqlDb>(f);
