using System.Net;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayTestClient;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Gateway resources are scoped by workspace (reference mlflow-gateway.md §4, issue 14 §1): another workspace's id is
/// "not found" on every route taking one, references across workspaces are refused as not found, the same names live in
/// two workspaces, lists show the request workspace's rows only — and nothing in the other workspace changes.
/// </summary>
public abstract class GatewayIsolationTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private sealed record Side(GatewayTestClient Gw, string Key, string Definition, string Endpoint);

    /// <summary>Workspaces A and B holding the same names: key k, definition m, endpoint e, a tag and a binding on e.</summary>
    private async Task<(Side A, Side B)> WorldAsync()
    {
        async Task<Side> SideAsync()
        {
            var gw = await For(fixture, null).NewWorkspaceAsync("iso");
            var (key, definition, endpoint) = await gw.ChainAsync("same");
            await ApiAssert.Ok(await gw.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"seed","value":"x"}"""));
            await ApiAssert.Ok(await gw.PostAsync("endpoints/bindings/create", $$"""{"endpoint_id":"{{endpoint}}","resource_type":"scorer","resource_id":"j"}"""));
            return new Side(gw, key, definition, endpoint);
        }
        return (await SideAsync(), await SideAsync());
    }

    [Fact]
    public async Task Every_route_taking_an_id_answers_404_for_another_workspaces_id()
    {
        var (a, b) = await WorldAsync();
        var (k, d, e) = (a.Key, a.Definition, a.Endpoint);
        var calls = new (HttpMethod Method, string Rpc, string? Json, string Message)[]
        {
            (HttpMethod.Get, $"secrets/get?secret_id={k}", null, $"GatewaySecret not found (secret_id='{k}')"),
            (HttpMethod.Post, "secrets/update", $$"""{"secret_id":"{{k}}","secret_value":{"api_key":"sk-zzzzzzzz9999"} }""", $"GatewaySecret not found (secret_id='{k}')"),
            (HttpMethod.Delete, "secrets/delete", $$"""{"secret_id":"{{k}}"}""", $"GatewaySecret not found (secret_id='{k}')"),
            (HttpMethod.Get, $"model-definitions/get?model_definition_id={d}", null, $"GatewayModelDefinition not found (model_definition_id='{d}')"),
            (HttpMethod.Post, "model-definitions/update", $$"""{"model_definition_id":"{{d}}","model_name":"x"}""",
                $"GatewayModelDefinition not found (model_definition_id='{d}')"),
            (HttpMethod.Delete, "model-definitions/delete", $$"""{"model_definition_id":"{{d}}"}""", $"GatewayModelDefinition not found (model_definition_id='{d}')"),
            (HttpMethod.Get, $"endpoints/get?endpoint_id={e}", null, $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Post, "endpoints/update", $$"""{"endpoint_id":"{{e}}","name":"renamed"}""", $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Delete, "endpoints/delete", $$"""{"endpoint_id":"{{e}}"}""", $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Post, "endpoints/models/attach", $$"""{"endpoint_id":"{{e}}","model_config":{"model_definition_id":"{{b.Definition}}"} }""",
                $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Post, "endpoints/models/detach", $$"""{"endpoint_id":"{{e}}","model_definition_id":"{{d}}"}""", $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Post, "endpoints/set-tag", $$"""{"endpoint_id":"{{e}}","key":"k","value":"v"}""", $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Delete, "endpoints/delete-tag", $$"""{"endpoint_id":"{{e}}","key":"seed"}""", $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Post, "endpoints/bindings/create", $$"""{"endpoint_id":"{{e}}","resource_type":"scorer","resource_id":"j2"}""",
                $"GatewayEndpoint not found (endpoint_id='{e}')"),
            (HttpMethod.Delete, "endpoints/bindings/delete", $$"""{"endpoint_id":"{{e}}","resource_type":"scorer","resource_id":"j"}""",
                $"GatewayEndpointBinding not found (endpoint_id='{e}', resource_type='scorer', resource_id='j')"),
        };
        foreach (var (method, rpc, json, message) in calls)
            await ApiAssert.Error(await b.Gw.SendAsync(method, rpc, json), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", message);

        foreach (var (family, field, id, entity) in new[]
                 {
                     ("secrets", "secret_id", k, "GatewaySecret"), ("model-definitions", "model_definition_id", d, "GatewayModelDefinition"),
                     ("endpoints", "endpoint_id", e, "GatewayEndpoint"),
                 })
        {
            var message = $"{entity} not found ({field}='{id}')";
            var body = $$"""{"{{field}}":"{{id}}","username":"admin","permission":"READ"}""";
            await ApiAssert.Error(await b.Gw.PostAsync($"{family}/permissions/create", body), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", message);
            await ApiAssert.Error(await b.Gw.GetAsync($"{family}/permissions/get?{field}={id}&username=admin"), HttpStatusCode.NotFound,
                "RESOURCE_DOES_NOT_EXIST", message);
            await ApiAssert.Error(await b.Gw.PatchAsync($"{family}/permissions/update", body), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", message);
            await ApiAssert.Error(await b.Gw.DeleteAsync($"{family}/permissions/delete", body), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", message);
        }
        // A filter naming another workspace's endpoint finds nothing.
        Assert.Equal("{}", (await ApiAssert.Ok(await b.Gw.GetAsync($"endpoints/bindings/list?endpoint_id={e}"))).GetRawText());
        await AssertUntouchedAsync(a);
    }

    [Fact]
    public async Task References_to_another_workspace_are_refused_as_not_found()
    {
        var (a, b) = await WorldAsync();
        await ApiAssert.Error(await b.Gw.PostAsync("model-definitions/create", $$"""{"name":"x","secret_id":"{{a.Key}}","provider":"openai","model_name":"gpt-4o"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"GatewaySecret not found (secret_id='{a.Key}')");
        await ApiAssert.Error(await b.Gw.PostAsync("model-definitions/update", $$"""{"model_definition_id":"{{b.Definition}}","secret_id":"{{a.Key}}"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"GatewaySecret not found (secret_id='{a.Key}')");
        var configs = $$"""[{"model_definition_id":"{{a.Definition}}"}]""";
        await ApiAssert.Error(await b.Gw.PostAsync("endpoints/create", $$"""{"name":"x","model_configs":{{configs}},"usage_tracking":false}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Model definitions not found: {a.Definition}");
        await ApiAssert.Error(await b.Gw.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{b.Endpoint}}","model_configs":{{configs}}}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Model definitions not found: {a.Definition}");
        await ApiAssert.Error(await b.Gw.PostAsync("endpoints/models/attach",
                $$"""{"endpoint_id":"{{b.Endpoint}}","model_config":{"model_definition_id":"{{a.Definition}}"} }"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Model definitions not found: {a.Definition}");

        var experimentA = (await ApiAssert.Ok(await a.Gw.RawAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", $$"""{"name":"{{Names.Unique("x")}}"}""")))
            .GetProperty("experiment_id").GetString();
        await ApiAssert.Error(await b.Gw.PostAsync("endpoints/create",
                $$"""{"name":"x","model_configs":[{"model_definition_id":"{{b.Definition}}"}],"experiment_id":"{{experimentA}}"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await b.Gw.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{b.Endpoint}}","experiment_id":"{{experimentA}}"}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var endpoint = (await ApiAssert.Ok(await b.Gw.GetAsync($"endpoints/get?endpoint_id={b.Endpoint}"))).GetProperty("endpoint");
        Assert.False(endpoint.TryGetProperty("experiment_id", out _));
        Assert.Single(Ids(await ApiAssert.Ok(await b.Gw.GetAsync("endpoints/list")), "endpoints", "endpoint_id"));
        Assert.Equal([b.Definition], endpoint.GetProperty("model_mappings").EnumerateArray().Select(m => Id(m, "model_definition_id")));
        var definition = (await ApiAssert.Ok(await b.Gw.GetAsync($"model-definitions/get?model_definition_id={b.Definition}"))).GetProperty("model_definition");
        Assert.Equal(b.Key, Id(definition, "secret_id"));
        Assert.Equal("{}", (await ApiAssert.Ok(await b.Gw.GetAsync("model-definitions/list?provider=openai&secret_id=" + a.Key))).GetRawText());
    }

    [Fact]
    public async Task Same_names_live_in_two_workspaces_and_lists_show_their_own()
    {
        var (a, b) = await WorldAsync();
        foreach (var side in new[] { a, b })
        {
            Assert.Equal([side.Key], Ids(await ApiAssert.Ok(await side.Gw.GetAsync("secrets/list")), "secrets", "secret_id"));
            Assert.Equal([side.Definition], Ids(await ApiAssert.Ok(await side.Gw.GetAsync("model-definitions/list")), "model_definitions", "model_definition_id"));
            Assert.Equal([side.Endpoint], Ids(await ApiAssert.Ok(await side.Gw.GetAsync("endpoints/list")), "endpoints", "endpoint_id"));
            Assert.Equal([side.Endpoint], Ids(await ApiAssert.Ok(await side.Gw.GetAsync("endpoints/bindings/list")), "bindings", "endpoint_id"));
        }
        var secret = (await ApiAssert.Ok(await a.Gw.GetAsync($"secrets/get?secret_id={a.Key}"))).GetProperty("secret");
        Assert.Equal("k-same", Id(secret, "secret_name"));
        // Renaming B's endpoint to a name only A uses is fine; the default workspace sees neither.
        await ApiAssert.Ok(await a.Gw.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{a.Endpoint}}","name":"only-a"}"""));
        await ApiAssert.Ok(await b.Gw.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{b.Endpoint}}","name":"only-a"}"""));
        var inDefault = For(fixture, null);
        Assert.DoesNotContain(a.Key, Ids(await ApiAssert.Ok(await inDefault.GetAsync("secrets/list")), "secrets", "secret_id"));
        Assert.DoesNotContain(b.Endpoint, Ids(await ApiAssert.Ok(await inDefault.GetAsync("endpoints/list")), "endpoints", "endpoint_id"));
    }

    /// <summary>A's rows as they were made: the key's mask, the definition's key, the endpoint's name, mapping, tag and binding.</summary>
    private static async Task AssertUntouchedAsync(Side a)
    {
        var secret = (await ApiAssert.Ok(await a.Gw.GetAsync($"secrets/get?secret_id={a.Key}"))).GetProperty("secret");
        Assert.Equal(Masked, secret.GetProperty("masked_values").GetProperty("api_key").GetString());
        var definition = (await ApiAssert.Ok(await a.Gw.GetAsync($"model-definitions/get?model_definition_id={a.Definition}"))).GetProperty("model_definition");
        Assert.Equal(("gpt-4o", a.Key), (Id(definition, "model_name"), Id(definition, "secret_id")));
        var endpoint = (await ApiAssert.Ok(await a.Gw.GetAsync($"endpoints/get?endpoint_id={a.Endpoint}"))).GetProperty("endpoint");
        Assert.Equal("e-same", Id(endpoint, "name"));
        Assert.Equal([a.Definition], endpoint.GetProperty("model_mappings").EnumerateArray().Select(m => Id(m, "model_definition_id")));
        Assert.Equal(new Dictionary<string, string?> { ["seed"] = "x" }, TrackingClient.Pairs(endpoint, "tags"));
        Assert.Equal([a.Endpoint], Ids(await ApiAssert.Ok(await a.Gw.GetAsync($"endpoints/bindings/list?endpoint_id={a.Endpoint}")), "bindings", "endpoint_id"));
    }
}

public sealed class GatewayIsolationTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : GatewayIsolationTests<SqliteDb>(f);

public sealed class GatewayIsolationTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : GatewayIsolationTests<PostgresDb>(f);

public sealed class GatewayIsolationTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : GatewayIsolationTests<MySqlDb>(f);
