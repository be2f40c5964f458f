using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayTestClient;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// AI Gateway endpoints over HTTP (reference mlflow-gateway.md §1.4–1.6, §2, §7 cases 11–16, 18): mappings, usage
/// tracking, attach and detach, tags, bindings, and the 409 for deleting a definition an endpoint still maps.
/// </summary>
public abstract partial class GatewayEndpointApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private GatewayTestClient Client => For(fixture, null);

    [GeneratedRegex("^e-[0-9a-f]{32}$")]
    private static partial Regex EndpointId();

    [GeneratedRegex("^m-[0-9a-f]{32}$")]
    private static partial Regex MappingId();

    private static async Task<(GatewayTestClient Gw, string Key, string M1, string M2)> WorldAsync(GatewayTestClient client)
    {
        var gw = await client.NewWorkspaceAsync();
        var key = Id(await gw.CreateSecretAsync("k1"), "secret_id");
        return (gw, key, Id(await gw.CreateDefinitionAsync("m1", key), "model_definition_id"),
            Id(await gw.CreateDefinitionAsync("m2", key, "gpt-4o-mini"), "model_definition_id"));
    }

    private static List<string> Mapped(JsonElement endpoint) =>
        endpoint.TryGetProperty("model_mappings", out var list) ? list.EnumerateArray().Select(m => Id(m, "model_definition_id")).ToList() : [];

    [Fact]
    public async Task Create_maps_the_definition_and_tracks_usage_in_an_experiment_of_the_workspace()
    {
        var (gw, _, m1, _) = await WorldAsync(Client);
        var endpoint = (await ApiAssert.Ok(await gw.PostAsync("endpoints/create",
            $$"""{"name":"chat","model_configs":[{"model_definition_id":"{{m1}}","linkage_type":"PRIMARY"}]}"""))).GetProperty("endpoint");
        Assert.Matches(EndpointId(), Id(endpoint, "endpoint_id"));
        Assert.Equal(("chat", "", ""), (Id(endpoint, "name"), Id(endpoint, "created_by"), Id(endpoint, "last_updated_by")));
        var mapping = Assert.Single(endpoint.GetProperty("model_mappings").EnumerateArray());
        Assert.Matches(MappingId(), Id(mapping, "mapping_id"));
        Assert.Equal((Id(endpoint, "endpoint_id"), m1, "PRIMARY", 1.0),
            (Id(mapping, "endpoint_id"), Id(mapping, "model_definition_id"), Id(mapping, "linkage_type"), mapping.GetProperty("weight").GetDouble()));
        Assert.Equal("m1", mapping.GetProperty("model_definition").GetProperty("name").GetString());
        Assert.False(endpoint.TryGetProperty("tags", out _));
        Assert.False(endpoint.TryGetProperty("workspace", out _));
        Assert.True(endpoint.GetProperty("usage_tracking").GetBoolean());

        var experiment = await ApiAssert.Ok(await gw.RawAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=gateway/chat"));
        Assert.Equal(Id(endpoint, "experiment_id"), experiment.GetProperty("experiment").GetProperty("experiment_id").GetString());
        var got = await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={Id(endpoint, "endpoint_id")}"));
        Assert.Equal(endpoint.GetRawText(), got.GetProperty("endpoint").GetRawText());

        var quiet = await gw.CreateEndpointAsync("quiet", [m1], usageTracking: false);
        Assert.False(quiet.GetProperty("usage_tracking").GetBoolean());
        Assert.False(quiet.TryGetProperty("experiment_id", out _));
        Assert.Equal(["chat", "quiet"], (await ApiAssert.Ok(await gw.GetAsync("endpoints/list"))).GetProperty("endpoints").EnumerateArray().Select(e => Id(e, "name")));
        Assert.Equal("{}", (await ApiAssert.Ok(await gw.GetAsync("endpoints/list?provider=anthropic"))).GetRawText());
    }

    [Fact]
    public async Task Create_refuses_bad_requests_with_mlflows_messages()
    {
        var (gw, _, m1, _) = await WorldAsync(Client);
        string Body(string name, string configs) => $$"""{"name":"{{name}}","model_configs":{{configs}},"usage_tracking":false}""";
        var one = $$"""[{"model_definition_id":"{{m1}}"}]""";
        await ApiAssert.Error(await gw.PostAsync("endpoints/create", Body("chat", "[]")), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Endpoint must have at least one model configuration");
        await ApiAssert.Error(await gw.PostAsync("endpoints/create", Body("bad name/x", one)), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid endpoint name 'bad name/x'. Name can only contain letters, numbers, underscores, hyphens, and dots.");
        var zeros = "d-" + new string('0', 32);
        await ApiAssert.Error(await gw.PostAsync("endpoints/create", Body("chat", $$"""[{"model_definition_id":"{{zeros}}"}]""")), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"Model definitions not found: {zeros}");
        await ApiAssert.Error(await gw.PostAsync("endpoints/create", """{"model_configs":[]}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'name'.");
        await gw.CreateEndpointAsync("chat", [m1]);
        await ApiAssert.Error(await gw.PostAsync("endpoints/create", Body("chat", one)), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS",
            "Endpoint with name 'chat' already exists");
        Assert.Single(Ids(await ApiAssert.Ok(await gw.GetAsync("endpoints/list")), "endpoints", "endpoint_id"));
    }

    [Fact]
    public async Task Update_with_model_configs_replaces_every_mapping()
    {
        var (gw, key, m1, m2) = await WorldAsync(Client);
        var m3 = Id(await gw.CreateDefinitionAsync("m3", key, "gpt-3.5"), "model_definition_id");
        var id = Id(await gw.CreateEndpointAsync("chat", [m1], usageTracking: true), "endpoint_id");
        var updated = (await ApiAssert.Ok(await gw.PostAsync("endpoints/update", $$"""
            {"endpoint_id":"{{id}}","routing_strategy":"REQUEST_BASED_TRAFFIC_SPLIT","fallback_config":{"strategy":"SEQUENTIAL","max_attempts":2},
             "model_configs":[{"model_definition_id":"{{m2}}","linkage_type":"PRIMARY","weight":2.5},
                              {"model_definition_id":"{{m3}}","linkage_type":"FALLBACK","fallback_order":1}],"updated_by":"bot"}
            """))).GetProperty("endpoint");
        Assert.Equal([m2, m3], Mapped(updated));
        var mappings = updated.GetProperty("model_mappings");
        Assert.Equal((2.5, "FALLBACK", 1), (mappings[0].GetProperty("weight").GetDouble(), Id(mappings[1], "linkage_type"),
            mappings[1].GetProperty("fallback_order").GetInt32()));
        Assert.Equal(("REQUEST_BASED_TRAFFIC_SPLIT", "SEQUENTIAL", 2, "bot"), (Id(updated, "routing_strategy"),
            Id(updated.GetProperty("fallback_config"), "strategy"), updated.GetProperty("fallback_config").GetProperty("max_attempts").GetInt32(),
            Id(updated, "last_updated_by")));

        var renamed = (await ApiAssert.Ok(await gw.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{id}}","name":"chat2","model_configs":[]}""")))
            .GetProperty("endpoint");
        Assert.Equal("chat2", Id(renamed, "name"));
        Assert.Equal([m2, m3], Mapped(renamed));
        Assert.True(renamed.TryGetProperty("experiment_id", out _));
        var untracked = (await ApiAssert.Ok(await gw.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{id}}","usage_tracking":false}""")))
            .GetProperty("endpoint");
        Assert.False(untracked.GetProperty("usage_tracking").GetBoolean());
        Assert.False(untracked.TryGetProperty("experiment_id", out _));
        // m1 is no longer mapped, so it can go.
        await ApiAssert.Ok(await gw.DeleteAsync("model-definitions/delete", $$"""{"model_definition_id":"{{m1}}"}"""));
        await ApiAssert.Error(await gw.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{id}}","name":"no good"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid endpoint name 'no good'.");
    }

    [Fact]
    public async Task A_refused_update_changes_nothing()
    {
        var (gw, _, m1, m2) = await WorldAsync(Client);
        var id = Id(await gw.CreateEndpointAsync("chat", [m1]), "endpoint_id");
        var other = await Client.NewWorkspaceAsync();
        var foreignExperiment = (await ApiAssert.Ok(await other.RawAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create",
            $$"""{"name":"{{Names.Unique("x")}}"}"""))).GetProperty("experiment_id").GetString();
        await ApiAssert.Error(await gw.PostAsync("endpoints/update",
                $$"""{"endpoint_id":"{{id}}","name":"chat2","model_configs":[{"model_definition_id":"{{m2}}"}],"experiment_id":"{{foreignExperiment}}"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var endpoint = (await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={id}"))).GetProperty("endpoint");
        Assert.Equal("chat", Id(endpoint, "name"));
        Assert.Equal([m1], Mapped(endpoint));
        // Replacing the mappings with the same definition (new weight) is fine: the old pair is gone before the new one lands.
        var reweighted = (await ApiAssert.Ok(await gw.PostAsync("endpoints/update",
            $$"""{"endpoint_id":"{{id}}","model_configs":[{"model_definition_id":"{{m1}}","weight":3}]}"""))).GetProperty("endpoint");
        Assert.Equal(3.0, Assert.Single(reweighted.GetProperty("model_mappings").EnumerateArray()).GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task Attach_and_detach_say_what_is_wrong()
    {
        var (gw, _, m1, m2) = await WorldAsync(Client);
        var id = Id(await gw.CreateEndpointAsync("chat", [m1]), "endpoint_id");
        var mapping = (await ApiAssert.Ok(await gw.PostAsync("endpoints/models/attach",
            $$"""{"endpoint_id":"{{id}}","model_config":{"model_definition_id":"{{m2}}","linkage_type":"FALLBACK","fallback_order":0} }"""))).GetProperty("mapping");
        Assert.Equal((id, m2, "FALLBACK", 0, "m2"), (Id(mapping, "endpoint_id"), Id(mapping, "model_definition_id"), Id(mapping, "linkage_type"),
            mapping.GetProperty("fallback_order").GetInt32(), Id(mapping.GetProperty("model_definition"), "name")));
        Assert.Equal([m1, m2], Mapped((await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={id}"))).GetProperty("endpoint")));
        await ApiAssert.Error(await gw.PostAsync("endpoints/models/attach", $$"""{"endpoint_id":"{{id}}","model_config":{"model_definition_id":"{{m2}}"} }"""),
            HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", $"Model definition '{m2}' is already attached to endpoint '{id}'");
        await ApiAssert.Error(await gw.PostAsync("endpoints/models/attach", $$"""{"endpoint_id":"{{id}}"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'model_config'.");

        Assert.Equal("{}", (await ApiAssert.Ok(await gw.PostAsync("endpoints/models/detach",
            $$"""{"endpoint_id":"{{id}}","model_definition_id":"{{m2}}"}"""))).GetRawText());
        await ApiAssert.Error(await gw.PostAsync("endpoints/models/detach", $$"""{"endpoint_id":"{{id}}","model_definition_id":"{{m2}}"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Model definition '{m2}' is not attached to endpoint '{id}'");
        Assert.Equal([m1], Mapped((await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={id}"))).GetProperty("endpoint")));
    }

    [Fact]
    public async Task Concurrent_attaches_bindings_and_tags_never_fail_with_a_500()
    {
        var (gw, _, m1, m2) = await WorldAsync(Client);
        var endpoint = Id(await gw.CreateEndpointAsync("race", [m1]), "endpoint_id");
        (string Rpc, string Json, int Ok)[] writes =
        [
            ("endpoints/models/attach", $$$"""{"endpoint_id":"{{{endpoint}}}","model_config":{"model_definition_id":"{{{m2}}}","linkage_type":"FALLBACK","fallback_order":1}}""", 1),
            ("endpoints/bindings/create", $$"""{"endpoint_id":"{{endpoint}}","resource_type":"scorer","resource_id":"s-1"}""", 1),
            ("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"k","value":"v"}""", 8),
        ];
        foreach (var (rpc, json, ok) in writes)
        {
            var statuses = (await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => gw.PostAsync(rpc, json)))).Select(r => r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == ok && statuses.All(s => s is HttpStatusCode.OK or HttpStatusCode.BadRequest),
                $"{rpc}: {string.Join(", ", statuses)}");
        }
    }

    [Fact]
    public async Task A_definition_an_endpoint_maps_cannot_be_deleted()
    {
        var (gw, _, m1, _) = await WorldAsync(Client);
        var id = Id(await gw.CreateEndpointAsync("chat", [m1]), "endpoint_id");
        await ApiAssert.Error(await gw.DeleteAsync("model-definitions/delete", $$"""{"model_definition_id":"{{m1}}"}"""), HttpStatusCode.Conflict, "INVALID_STATE",
            "Cannot delete model definition that is currently in use by endpoints. Detach it from all endpoints first.");
        await ApiAssert.Ok(await gw.GetAsync($"model-definitions/get?model_definition_id={m1}"));
        // Deleting the endpoint takes its mappings along: then the definition goes.
        Assert.Equal("{}", (await ApiAssert.Ok(await gw.DeleteAsync("endpoints/delete", $$"""{"endpoint_id":"{{id}}"}"""))).GetRawText());
        await ApiAssert.Error(await gw.GetAsync($"endpoints/get?endpoint_id={id}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"GatewayEndpoint not found (endpoint_id='{id}')");
        await ApiAssert.Ok(await gw.DeleteAsync("model-definitions/delete", $$"""{"model_definition_id":"{{m1}}"}"""));
    }

    [Fact]
    public async Task Tags_upsert_and_deleting_a_missing_key_is_silent()
    {
        var (gw, _, m1, _) = await WorldAsync(Client);
        var id = Id(await gw.CreateEndpointAsync("chat", [m1]), "endpoint_id");
        Assert.Equal("{}", (await ApiAssert.Ok(await gw.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{id}}","key":"team","value":"a"}"""))).GetRawText());
        await ApiAssert.Ok(await gw.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{id}}","key":"team","value":"b"}"""));
        await ApiAssert.Ok(await gw.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{id}}","key":"env","value":"prod"}"""));
        var tags = (await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={id}"))).GetProperty("endpoint");
        Assert.Equal(new Dictionary<string, string?> { ["env"] = "prod", ["team"] = "b" }, TrackingClient.Pairs(tags, "tags"));
        Assert.Equal("{}", (await ApiAssert.Ok(await gw.DeleteAsync("endpoints/delete-tag", $$"""{"endpoint_id":"{{id}}","key":"nope"}"""))).GetRawText());
        await ApiAssert.Ok(await gw.DeleteAsync("endpoints/delete-tag", $$"""{"endpoint_id":"{{id}}","key":"team"}"""));
        var left = (await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={id}"))).GetProperty("endpoint");
        Assert.Equal(["env"], TrackingClient.Pairs(left, "tags").Keys);
        await ApiAssert.Error(await gw.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{id}}"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'key'.");
    }

    [Fact]
    public async Task Bindings_are_created_listed_and_deleted_with_their_endpoint()
    {
        var (gw, _, m1, m2) = await WorldAsync(Client);
        var (e1, e2) = (Id(await gw.CreateEndpointAsync("chat", [m1]), "endpoint_id"), Id(await gw.CreateEndpointAsync("embed", [m2]), "endpoint_id"));
        string Body(string e, string r) => $$"""{"endpoint_id":"{{e}}","resource_type":"scorer","resource_id":"{{r}}"}""";
        var binding = (await ApiAssert.Ok(await gw.PostAsync("endpoints/bindings/create", Body(e1, "j1")[..^1] + ""","created_by":"ci"}""")))
            .GetProperty("binding");
        Assert.Equal((e1, "scorer", "j1", "ci"), (Id(binding, "endpoint_id"), Id(binding, "resource_type"), Id(binding, "resource_id"), Id(binding, "created_by")));
        Assert.True(binding.GetProperty("created_at").GetInt64() > 0);
        await ApiAssert.Ok(await gw.PostAsync("endpoints/bindings/create", Body(e1, "j2")));
        await ApiAssert.Ok(await gw.PostAsync("endpoints/bindings/create", Body(e2, "j1")));
        await ApiAssert.Error(await gw.PostAsync("endpoints/bindings/create", Body(e1, "j1")), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        await ApiAssert.Error(await gw.PostAsync("endpoints/bindings/create", $$"""{"endpoint_id":"{{e1}}","resource_type":"job","resource_id":"x"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid resource_type 'job'.");

        static List<string> Listed(JsonElement body) =>
            body.TryGetProperty("bindings", out var list) ? list.EnumerateArray().Select(b => $"{Id(b, "endpoint_id")}/{Id(b, "resource_id")}").ToList() : [];
        Assert.Equal([$"{e1}/j1", $"{e1}/j2"], Listed(await ApiAssert.Ok(await gw.GetAsync($"endpoints/bindings/list?endpoint_id={e1}"))));
        Assert.Equal(3, Listed(await ApiAssert.Ok(await gw.GetAsync("endpoints/bindings/list"))).Count);
        Assert.Equal(2, Listed(await ApiAssert.Ok(await gw.GetAsync("endpoints/bindings/list?resource_type=scorer&resource_id=j1"))).Count);

        Assert.Equal("{}", (await ApiAssert.Ok(await gw.DeleteAsync("endpoints/bindings/delete", Body(e1, "j2")))).GetRawText());
        await ApiAssert.Error(await gw.DeleteAsync("endpoints/bindings/delete", Body(e1, "j2")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"GatewayEndpointBinding not found (endpoint_id='{e1}', resource_type='scorer', resource_id='j2')");
        await ApiAssert.Ok(await gw.DeleteAsync("endpoints/delete", $$"""{"endpoint_id":"{{e1}}"}"""));
        Assert.Equal([$"{e2}/j1"], Listed(await ApiAssert.Ok(await gw.GetAsync("endpoints/bindings/list"))));
    }
}

public sealed class GatewayEndpointApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : GatewayEndpointApiTests<SqliteDb>(f);

public sealed class GatewayEndpointApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : GatewayEndpointApiTests<PostgresDb>(f);

public sealed class GatewayEndpointApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : GatewayEndpointApiTests<MySqlDb>(f);
