using System.Net;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayTestClient;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Reference mlflow-gateway.md §7 cases 20–25 with our decisions (issue 14 §4), in <see cref="AuthWorld{TDb}"/>: alice and
/// frank READ team-a, carol EDIT, bob and grace MANAGE, dave nothing, erin only a grant on an experiment of team-a.
/// Without any access a resource is missing (404, not MLflow's 403); creating needs EDIT; creators hold MANAGE;
/// referencing a key or a definition needs USE on it; lists are filtered.
/// </summary>
public abstract class GatewayAuthTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private GatewayTestClient As(string user) => For(world.As(user), "team-a");

    private GatewayTestClient Admin => For(world.Admin, "team-a");

    private static string Suffix() => Guid.NewGuid().ToString("N")[..10];

    private static async Task Forbidden(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Permission denied", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static string Grant(string field, string id, string user, string level) =>
        $$"""{"{{field}}":"{{id}}","username":"{{user}}","permission":"{{level}}"}""";

    [Fact]
    public async Task Without_credentials_the_routes_answer_401()
    {
        var response = await For(world.Anonymous, "team-a").PostAsync("secrets/create", $$"""{"secret_name":"k","secret_value":{"api_key":"{{Key}}"} }""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"mlflow\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Without_any_grant_the_workspace_or_the_resource_is_missing()
    {
        var (key, definition, endpoint) = await Admin.ChainAsync(Suffix());
        await ApiAssert.Error(await As("dave").GetAsync($"secrets/get?secret_id={key}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            "Workspace 'team-a' not found");
        // erin may enter team-a (she holds a grant on one of its experiments) but sees none of its gateway resources.
        var erin = As("erin");
        await ApiAssert.Error(await erin.GetAsync($"secrets/get?secret_id={key}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"GatewaySecret not found (secret_id='{key}')");
        await ApiAssert.Error(await erin.GetAsync($"model-definitions/get?model_definition_id={definition}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await ApiAssert.Error(await erin.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"k","value":"v"}"""), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"GatewayEndpoint not found (endpoint_id='{endpoint}')");
        await ApiAssert.Error(await erin.GetAsync($"endpoints/permissions/get?endpoint_id={endpoint}&username=erin"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST");
        // Other tests of this class may grant erin a resource of their own; none of this test's may show.
        foreach (var list in new[] { "secrets", "model-definitions", "endpoints" })
        {
            var text = (await ApiAssert.Ok(await erin.GetAsync($"{list}/list"))).GetRawText();
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(definition, text, StringComparison.Ordinal);
            Assert.DoesNotContain(endpoint, text, StringComparison.Ordinal);
        }
        await Forbidden(await erin.PostAsync("secrets/create", $$"""{"secret_name":"k-{{Suffix()}}","secret_value":{"api_key":"{{Key}}"} }"""));
        // Another workspace's id is missing for everyone, whatever they hold here.
        var foreign = Id(await Admin.In("team-b").CreateSecretAsync($"k-{Suffix()}"), "secret_id");
        await ApiAssert.Error(await As("bob").GetAsync($"secrets/get?secret_id={foreign}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Readers_see_masked_keys_and_are_refused_every_change()
    {
        var (key, definition, endpoint) = await Admin.ChainAsync(Suffix());
        var alice = As("alice");
        var secret = (await ApiAssert.Ok(await alice.GetAsync($"secrets/get?secret_id={key}"))).GetProperty("secret");
        Assert.Equal(Masked, secret.GetProperty("masked_values").GetProperty("api_key").GetString());
        await ApiAssert.Ok(await alice.GetAsync($"endpoints/get?endpoint_id={endpoint}"));
        await Forbidden(await alice.PostAsync("secrets/update", $$"""{"secret_id":"{{key}}","secret_value":{"api_key":"sk-zzzzzzzz9999"} }"""));
        await Forbidden(await alice.DeleteAsync("secrets/delete", $$"""{"secret_id":"{{key}}"}"""));
        await Forbidden(await alice.PostAsync("model-definitions/update", $$"""{"model_definition_id":"{{definition}}","model_name":"x"}"""));
        await Forbidden(await alice.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"k","value":"v"}"""));
        await Forbidden(await alice.PostAsync("secrets/create", $$"""{"secret_name":"k-{{Suffix()}}","secret_value":{"api_key":"{{Key}}"} }"""));
        await Forbidden(await alice.GetAsync($"secrets/permissions/get?secret_id={key}&username=alice"));
        alice.AssertNeverReturned(Key);
    }

    [Fact]
    public async Task Creators_hold_manage_and_see_it_through_permissions_get()
    {
        var carol = As("carol");
        var (key, definition, endpoint) = await carol.ChainAsync(Suffix());
        foreach (var (family, field, id, wrapper) in new[]
                 {
                     ("secrets", "secret_id", key, "gateway_secret_permission"),
                     ("model-definitions", "model_definition_id", definition, "gateway_model_definition_permission"),
                     ("endpoints", "endpoint_id", endpoint, "gateway_endpoint_permission"),
                 })
        {
            var grant = (await ApiAssert.Ok(await carol.GetAsync($"{family}/permissions/get?{field}={id}&username=carol"))).GetProperty(wrapper);
            Assert.Equal((id, "MANAGE"), (Id(grant, field), Id(grant, "permission")));
            Assert.True(grant.GetProperty("user_id").GetInt64() > 0);
        }
        // EDIT in the workspace alone would not delete: MANAGE on her own endpoint does, the admin's stays out of reach.
        var (adminKey, _, _) = await Admin.ChainAsync(Suffix());
        await Forbidden(await carol.DeleteAsync("secrets/delete", $$"""{"secret_id":"{{adminKey}}"}"""));
        await ApiAssert.Ok(await carol.DeleteAsync("endpoints/delete", $$"""{"endpoint_id":"{{endpoint}}"}"""));
        // The grant went with the endpoint.
        await ApiAssert.Error(await Admin.GetAsync($"endpoints/permissions/get?endpoint_id={endpoint}&username=carol"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Grants_are_managed_with_mlflows_messages()
    {
        var grace = As("grace");
        var (_, _, endpoint) = await grace.ChainAsync(Suffix());
        var created = (await ApiAssert.Ok(await grace.PostAsync("endpoints/permissions/create", Grant("endpoint_id", endpoint, "alice", "USE"))))
            .GetProperty("gateway_endpoint_permission");
        Assert.Equal((endpoint, "USE"), (Id(created, "endpoint_id"), Id(created, "permission")));
        await ApiAssert.Error(await grace.PostAsync("endpoints/permissions/create", Grant("endpoint_id", endpoint, "alice", "USE")), HttpStatusCode.BadRequest,
            "RESOURCE_ALREADY_EXISTS", $"Gateway endpoint permission (endpoint_id={endpoint}, username=alice) already exists");
        await ApiAssert.Error(await grace.PostAsync("endpoints/permissions/create", Grant("endpoint_id", endpoint, "frank", "OWNER")), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid permission 'OWNER'. Valid permissions are: ('READ', 'USE', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')");
        await Forbidden(await As("carol").PostAsync("endpoints/permissions/create", Grant("endpoint_id", endpoint, "frank", "READ")));

        // alice's explicit EDIT wins over her workspace READ.
        await Forbidden(await As("alice").PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"k","value":"v"}"""));
        Assert.Equal("{}", (await ApiAssert.Ok(await grace.PatchAsync("endpoints/permissions/update", Grant("endpoint_id", endpoint, "alice", "EDIT")))).GetRawText());
        await ApiAssert.Ok(await As("alice").PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"k","value":"v"}"""));
        Assert.Equal("{}", (await ApiAssert.Ok(await grace.DeleteAsync("endpoints/permissions/delete", Grant("endpoint_id", endpoint, "alice", "")))).GetRawText());
        await ApiAssert.Error(await grace.GetAsync($"endpoints/permissions/get?endpoint_id={endpoint}&username=alice"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"Gateway endpoint permission with endpoint_id={endpoint} and username=alice not found");
        await ApiAssert.Error(await grace.PostAsync("endpoints/permissions/create", Grant("endpoint_id", endpoint, "nobody-here", "READ")),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Referencing_a_key_or_a_definition_needs_use_on_it()
    {
        var suffix = Suffix();
        var admin = Admin;
        var key = Id(await admin.CreateSecretAsync($"k-{suffix}"), "secret_id");
        var (m1, m2) = (Id(await admin.CreateDefinitionAsync($"m1-{suffix}", key), "model_definition_id"),
            Id(await admin.CreateDefinitionAsync($"m2-{suffix}", key), "model_definition_id"));
        string EndpointBody(string name, string definition) =>
            $$"""{"name":"{{name}}","model_configs":[{"model_definition_id":"{{definition}}"}],"usage_tracking":false}""";

        await Forbidden(await As("alice").PostAsync("endpoints/create", EndpointBody($"a-{suffix}", m1)));
        var carol = As("carol");
        var own = Id((await ApiAssert.Ok(await carol.PostAsync("endpoints/create", EndpointBody($"c-{suffix}", m1)))).GetProperty("endpoint"), "endpoint_id");

        // An explicit READ on m2 is lower than carol's workspace EDIT, and wins: she may see m2 but not use it.
        await ApiAssert.Ok(await admin.PostAsync("model-definitions/permissions/create", Grant("model_definition_id", m2, "carol", "READ")));
        await ApiAssert.Ok(await carol.GetAsync($"model-definitions/get?model_definition_id={m2}"));
        await Forbidden(await carol.PostAsync("endpoints/create", EndpointBody($"c2-{suffix}", m2)));
        await Forbidden(await carol.PostAsync("endpoints/models/attach", $$"""{"endpoint_id":"{{own}}","model_config":{"model_definition_id":"{{m2}}"} }"""));
        await Forbidden(await carol.PostAsync("endpoints/update", $$"""{"endpoint_id":"{{own}}","model_configs":[{"model_definition_id":"{{m2}}"}]}"""));
        await ApiAssert.Ok(await admin.PatchAsync("model-definitions/permissions/update", Grant("model_definition_id", m2, "carol", "USE")));
        await ApiAssert.Ok(await carol.PostAsync("endpoints/models/attach", $$"""{"endpoint_id":"{{own}}","model_config":{"model_definition_id":"{{m2}}"} }"""));

        // The same for a key in a definition.
        await ApiAssert.Ok(await admin.PostAsync("secrets/permissions/create", Grant("secret_id", key, "carol", "READ")));
        var definitionBody = $$"""{"name":"m3-{{suffix}}","secret_id":"{{key}}","provider":"openai","model_name":"gpt-4o"}""";
        await Forbidden(await carol.PostAsync("model-definitions/create", definitionBody));
        await ApiAssert.Ok(await admin.PatchAsync("secrets/permissions/update", Grant("secret_id", key, "carol", "USE")));
        var m3 = Id((await ApiAssert.Ok(await carol.PostAsync("model-definitions/create", definitionBody))).GetProperty("model_definition"), "model_definition_id");
        var key2 = Id(await admin.CreateSecretAsync($"k2-{suffix}"), "secret_id");
        await ApiAssert.Ok(await admin.PostAsync("secrets/permissions/create", Grant("secret_id", key2, "carol", "READ")));
        await Forbidden(await carol.PostAsync("model-definitions/update", $$"""{"model_definition_id":"{{m3}}","secret_id":"{{key2}}"}"""));
    }

    [Fact]
    public async Task Lists_hold_what_the_caller_may_read()
    {
        var (s1, s2) = (Id(await Admin.CreateSecretAsync($"k-{Suffix()}"), "secret_id"), Id(await Admin.CreateSecretAsync($"k-{Suffix()}"), "secret_id"));
        await ApiAssert.Ok(await Admin.PostAsync("secrets/permissions/create", Grant("secret_id", s2, "frank", "NO_PERMISSIONS")));
        var frank = Ids(await ApiAssert.Ok(await As("frank").GetAsync("secrets/list")), "secrets", "secret_id");
        Assert.Contains(s1, frank);
        Assert.DoesNotContain(s2, frank);
        await ApiAssert.Ok(await Admin.PostAsync("secrets/permissions/create", Grant("secret_id", s1, "erin", "READ")));
        Assert.Equal([s1], Ids(await ApiAssert.Ok(await As("erin").GetAsync("secrets/list")), "secrets", "secret_id"));
        await ApiAssert.Ok(await As("erin").GetAsync($"secrets/get?secret_id={s1}"));
        await ApiAssert.Error(await As("erin").GetAsync($"secrets/get?secret_id={s2}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        // A grant on a gateway resource alone lets its holder into the workspace, to see just that resource.
        var newcomer = $"gw-{Suffix()}";
        await ApiAssert.Ok(await world.Admin.PostAsync("/api/2.0/mlflow/users/create", $$"""{"username":"{{newcomer}}","password":"{{AuthWorld<TDb>.Password}}"}"""));
        await ApiAssert.Error(await As(newcomer).GetAsync("secrets/list"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Workspace 'team-a' not found");
        await ApiAssert.Ok(await Admin.PostAsync("secrets/permissions/create", Grant("secret_id", s2, newcomer, "READ")));
        Assert.Equal([s2], Ids(await ApiAssert.Ok(await As(newcomer).GetAsync("secrets/list")), "secrets", "secret_id"));
        Assert.Equal("{}", (await ApiAssert.Ok(await As(newcomer).GetAsync("endpoints/list"))).GetRawText());
        // frank's explicit NO_PERMISSIONS tells him the key exists (he was named on it), so he is refused rather than told it is missing.
        await Forbidden(await As("frank").GetAsync($"secrets/get?secret_id={s2}"));
    }
}

public sealed class GatewayAuthTests_Sqlite(AuthWorld<SqliteDb> w) : GatewayAuthTests<SqliteDb>(w);

public sealed class GatewayAuthTests_Postgres(AuthWorld<PostgresDb> w) : GatewayAuthTests<PostgresDb>(w);

public sealed class GatewayAuthTests_MySql(AuthWorld<MySqlDb> w) : GatewayAuthTests<MySqlDb>(w);
