using System.Net;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayTestClient;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Workspace delete modes over gateway rows (reference mlflow-gateway.md §4, issue 14 §1): RESTRICT names the first
/// non-empty root table (alphabetical: endpoints, experiments, model_definitions, …, secrets), CASCADE removes every
/// gateway row and grant of the workspace and nothing else, SET_DEFAULT reports name clashes of all three up front.
/// Auth is on so creators hold grants that must go too.
/// </summary>
public abstract class GatewayWorkspaceDeleteTests<TDb>(ApiFixture<TDb, AuthProfile> fixture) : IClassFixture<ApiFixture<TDb, AuthProfile>>
    where TDb : IDatabaseKind
{
    private const string Base = "/api/3.0/mlflow/workspaces";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GatewayTestClient Admin => For(new AuthClient(fixture.Client, "admin", AuthProfile.AdminPassword), null);

    private Task<HttpResponseMessage> DeleteWorkspace(GatewayTestClient gw, string mode = "") =>
        Admin.RawAsync(HttpMethod.Delete, $"{Base}/{gw.Workspace}{mode}");

    private static Task<string> Refused(HttpResponseMessage response, string workspace, string table, int count = 1) =>
        ApiAssert.Error(response, HttpStatusCode.Conflict, "INVALID_STATE",
            $"Cannot delete workspace '{workspace}': table '{table}' still contains {count} resource(s). Remove or reassign them before deleting the workspace.");

    [Fact]
    public async Task Restrict_names_endpoints_then_model_definitions_then_secrets()
    {
        var gw = await Admin.NewWorkspaceAsync("rst");
        var (key, definition, endpoint) = await gw.ChainAsync("r");
        await Refused(await DeleteWorkspace(gw), gw.Workspace, "endpoints");
        await ApiAssert.Ok(await gw.DeleteAsync("endpoints/delete", $$"""{"endpoint_id":"{{endpoint}}"}"""));
        await Refused(await DeleteWorkspace(gw, "?mode=RESTRICT"), gw.Workspace, "model_definitions");
        await ApiAssert.Ok(await gw.DeleteAsync("model-definitions/delete", $$"""{"model_definition_id":"{{definition}}"}"""));
        await gw.CreateSecretAsync("k2");
        await Refused(await DeleteWorkspace(gw), gw.Workspace, "secrets", 2);
        await ApiAssert.Ok(await gw.GetAsync($"secrets/get?secret_id={key}"));
        foreach (var id in Ids(await ApiAssert.Ok(await gw.GetAsync("secrets/list")), "secrets", "secret_id"))
            await ApiAssert.Ok(await gw.DeleteAsync("secrets/delete", $$"""{"secret_id":"{{id}}"}"""));
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteWorkspace(gw)).StatusCode);
    }

    [Fact]
    public async Task Restrict_counts_the_usage_experiment_an_endpoint_made()
    {
        var gw = await Admin.NewWorkspaceAsync("rsu");
        var (_, _, endpoint) = await gw.ChainAsync("u", usageTracking: true);
        await Refused(await DeleteWorkspace(gw), gw.Workspace, "endpoints");
        await ApiAssert.Ok(await gw.DeleteAsync("endpoints/delete", $$"""{"endpoint_id":"{{endpoint}}"}"""));
        // The experiment gateway/e-u outlives its endpoint, and sorts before model_definitions.
        await Refused(await DeleteWorkspace(gw), gw.Workspace, "experiments");
    }

    [Fact]
    public async Task Cascade_removes_every_gateway_row_and_grant_of_the_workspace_only()
    {
        var gw = await Admin.NewWorkspaceAsync("cas");
        var survivor = await Admin.NewWorkspaceAsync("cak");
        var kept = await survivor.ChainAsync("c");
        var (key, definition, endpoint) = await gw.ChainAsync("c", usageTracking: true);
        var spare = Id(await gw.CreateDefinitionAsync("m-spare", key), "model_definition_id");
        await ApiAssert.Ok(await gw.PostAsync("endpoints/models/attach", $$"""{"endpoint_id":"{{endpoint}}","model_config":{"model_definition_id":"{{spare}}"} }"""));
        await ApiAssert.Ok(await gw.PostAsync("endpoints/set-tag", $$"""{"endpoint_id":"{{endpoint}}","key":"team","value":"a"}"""));
        await ApiAssert.Ok(await gw.PostAsync("endpoints/bindings/create", $$"""{"endpoint_id":"{{endpoint}}","resource_type":"scorer","resource_id":"j"}"""));
        var user = $"cas-{Guid.NewGuid():N}"[..16];
        await ApiAssert.Ok(await Admin.RawAsync(HttpMethod.Post, "/api/2.0/mlflow/users/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""));
        foreach (var (family, field, id) in new[] { ("secrets", "secret_id", key), ("model-definitions", "model_definition_id", definition), ("endpoints", "endpoint_id", endpoint) })
            await ApiAssert.Ok(await gw.PostAsync($"{family}/permissions/create", $$"""{"{{field}}":"{{id}}","username":"{{user}}","permission":"READ"}"""));
        await using (var before = fixture.Db())
            Assert.Equal(Counts(1, 2, 1, 2, 1, 1, 2, 3, 2), await CountsAsync(before, key, [definition, spare], endpoint));

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteWorkspace(gw, "?mode=CASCADE")).StatusCode);
        await using var db = fixture.Db();
        Assert.Equal(Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), await CountsAsync(db, key, [definition, spare], endpoint));
        Assert.Equal(Counts(1, 1, 1, 1, 0, 0, 1, 1, 1), await CountsAsync(db, kept.Secret, [kept.Definition], kept.Endpoint));
        Assert.Equal(0, await db.Experiments.IgnoreQueryFilters().CountAsync(e => e.Workspace == gw.Workspace, Ct));
        await ApiAssert.Ok(await survivor.GetAsync($"endpoints/get?endpoint_id={kept.Endpoint}"));
    }

    [Fact]
    public async Task Set_default_reports_every_gateway_name_clash_up_front_and_moves_nothing()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var gw = await Admin.NewWorkspaceAsync("sdc");
        var (key, definition, endpoint) = await gw.ChainAsync(suffix);
        var inDefault = Admin.In("default");
        await inDefault.ChainAsync(suffix);
        var message = await ApiAssert.Error(await DeleteWorkspace(gw, "?mode=SET_DEFAULT"), HttpStatusCode.Conflict, "INVALID_STATE",
            $"Cannot reassign resources from workspace '{gw.Workspace}' to 'default'");
        foreach (var line in new[] { $"  - endpoints: 'e-{suffix}'", $"  - model_definitions: 'm-{suffix}'", $"  - secrets: 'k-{suffix}'" })
            Assert.Contains(line, message, StringComparison.Ordinal);
        await ApiAssert.Ok(await gw.GetAsync($"endpoints/get?endpoint_id={endpoint}"));
        await using var db = fixture.Db();
        Assert.Equal(gw.Workspace, await db.GatewaySecrets.IgnoreQueryFilters().Where(s => s.SecretId == key).Select(s => s.Workspace).SingleAsync(Ct));
        Assert.Equal(gw.Workspace, await db.GatewayModelDefinitions.IgnoreQueryFilters().Where(d => d.ModelDefinitionId == definition).Select(d => d.Workspace).SingleAsync(Ct));
    }

    [Fact]
    public async Task Set_default_without_clashes_moves_the_gateway_rows_to_default()
    {
        var gw = await Admin.NewWorkspaceAsync("sdm");
        var (key, definition, endpoint) = await gw.ChainAsync(Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteWorkspace(gw, "?mode=SET_DEFAULT")).StatusCode);
        var inDefault = Admin.In("default");
        await ApiAssert.Ok(await inDefault.GetAsync($"secrets/get?secret_id={key}"));
        await ApiAssert.Ok(await inDefault.GetAsync($"model-definitions/get?model_definition_id={definition}"));
        var moved = (await ApiAssert.Ok(await inDefault.GetAsync($"endpoints/get?endpoint_id={endpoint}"))).GetProperty("endpoint");
        Assert.Equal([definition], moved.GetProperty("model_mappings").EnumerateArray().Select(m => Id(m, "model_definition_id")));
    }

    private static int[] Counts(params int[] counts) => counts;

    /// <summary>Rows in every workspace: secret, definitions, endpoint, mappings, tags, bindings, and the grants on each of the three kinds.</summary>
    private static async Task<int[]> CountsAsync(TrackingDbContext db, string secret, string[] definitions, string endpoint) =>
    [
        await db.GatewaySecrets.IgnoreQueryFilters().CountAsync(s => s.SecretId == secret, Ct),
        await db.GatewayModelDefinitions.IgnoreQueryFilters().CountAsync(d => definitions.Contains(d.ModelDefinitionId), Ct),
        await db.GatewayEndpoints.IgnoreQueryFilters().CountAsync(e => e.EndpointId == endpoint, Ct),
        await db.GatewayEndpointModelMappings.IgnoreQueryFilters().CountAsync(m => m.EndpointId == endpoint, Ct),
        await db.GatewayEndpointTags.IgnoreQueryFilters().CountAsync(t => t.EndpointId == endpoint, Ct),
        await db.GatewayEndpointBindings.IgnoreQueryFilters().CountAsync(b => b.EndpointId == endpoint, Ct),
        await db.GatewaySecretPermissions.IgnoreQueryFilters().CountAsync(p => p.SecretId == secret, Ct),
        await db.GatewayModelDefinitionPermissions.IgnoreQueryFilters().CountAsync(p => definitions.Contains(p.ModelDefinitionId), Ct),
        await db.GatewayEndpointPermissions.IgnoreQueryFilters().CountAsync(p => p.EndpointId == endpoint, Ct),
    ];
}

public sealed class GatewayWorkspaceDeleteTests_Sqlite(ApiFixture<SqliteDb, AuthProfile> f) : GatewayWorkspaceDeleteTests<SqliteDb>(f);

public sealed class GatewayWorkspaceDeleteTests_Postgres(ApiFixture<PostgresDb, AuthProfile> f) : GatewayWorkspaceDeleteTests<PostgresDb>(f);

public sealed class GatewayWorkspaceDeleteTests_MySql(ApiFixture<MySqlDb, AuthProfile> f) : GatewayWorkspaceDeleteTests<MySqlDb>(f);
