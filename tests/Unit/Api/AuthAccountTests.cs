using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Auth;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Users, personal access tokens, grant clean-up and the route-rule walk (issue: auth).</summary>
public abstract class AuthAccountTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private const string Users = "/api/2.0/mlflow/users";

    private static string NewName() => $"u{Guid.NewGuid():N}"[..12];

    private async Task<string> NewUserAsync()
    {
        var user = NewName();
        await ApiAssert.Ok(await world.Admin.PostAsync($"{Users}/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""));
        return user;
    }

    [Fact]
    public async Task User_endpoints_follow_mlflows_rules()
    {
        var admin = world.Admin;
        Assert.Equal(HttpStatusCode.Forbidden, (await world.As("alice").PostAsync($"{Users}/create", """{"username":"x","password":"long-enough-pw"}""")).StatusCode);
        await ApiAssert.Error(await admin.PostAsync($"{Users}/create", """{"username":"zed","password":"short"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Password must be a string longer than 12 characters.");
        var text = await admin.SendAsync(HttpMethod.Post, $"{Users}/create", """{"username":"zed","password":"long-enough-pw"}""");
        var user = await NewUserAsync();
        await ApiAssert.Error(await admin.PostAsync($"{Users}/create", $$"""{"username":"{{user}}","password":"long-enough-pw"}"""), HttpStatusCode.BadRequest,
            "RESOURCE_ALREADY_EXISTS", $"User (username={user}) already exists.");
        var self = await ApiAssert.Ok(await world.As(user).In(null).GetAsync($"{Users}/get?username={user}"));
        Assert.Equal((user, false), (self.GetProperty("user").GetProperty("username").GetString(), self.GetProperty("user").GetProperty("is_admin").GetBoolean()));
        Assert.Equal(HttpStatusCode.Forbidden, (await world.As(user).In(null).GetAsync($"{Users}/get?username=alice")).StatusCode);
        await ApiAssert.Ok(await world.As(user).In(null).SendAsync(HttpMethod.Patch, $"{Users}/update-password", $$"""{"username":"{{user}}","password":"a-new-password-1"}"""));
        Assert.Equal(HttpStatusCode.OK, (await world.As(user, "a-new-password-1").In(null).GetAsync($"{Users}/get?username={user}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.As(user, "a-new-password-1").In(null).SendAsync(HttpMethod.Patch, $"{Users}/update-password",
            """{"username":"alice","password":"a-new-password-1"}""")).StatusCode);
        foreach (var (method, url, body) in new[] { (HttpMethod.Patch, $"{Users}/update-admin", $$"""{"username":"{{user}}","is_admin":true}"""),
                     (HttpMethod.Delete, $"{Users}/delete", $$"""{"username":"{{user}}"}"""), (HttpMethod.Get, $"{Users}/list", (string?)null) })
            Assert.Equal(HttpStatusCode.Forbidden, (await world.As(user, "a-new-password-1").In(null).SendAsync(method, url, body)).StatusCode);
        var list = await ApiAssert.Ok(await admin.GetAsync($"{Users}/list"));
        Assert.Contains(list.GetProperty("users").EnumerateArray(), u => u.GetProperty("username").GetString() == user);
        await ApiAssert.Ok(await admin.SendAsync(HttpMethod.Delete, $"{Users}/delete", $$"""{"username":"{{user}}"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.As(user, "a-new-password-1").In(null).GetAsync($"{Users}/get?username={user}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.InternalServerError, text.StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_delete_or_demote_their_own_account()
    {
        var user = await NewUserAsync();
        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Patch, $"{Users}/update-admin", $$"""{"username":"{{user}}","is_admin":true}"""));
        var self = world.As(user).In(null);
        await ApiAssert.Error(await self.SendAsync(HttpMethod.Patch, $"{Users}/update-admin", $$"""{"username":"{{user}}","is_admin":false}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "You cannot remove your own admin role.");
        await ApiAssert.Error(await self.SendAsync(HttpMethod.Delete, $"{Users}/delete", $$"""{"username":"{{user}}"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "You cannot delete your own account.");
        var still = await ApiAssert.Ok(await world.Admin.GetAsync($"{Users}/get?username={user}"));
        Assert.True(still.GetProperty("user").GetProperty("is_admin").GetBoolean());
        // Another admin may do both.
        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Patch, $"{Users}/update-admin", $$"""{"username":"{{user}}","is_admin":false}"""));
        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Delete, $"{Users}/delete", $$"""{"username":"{{user}}"}"""));
    }

    [Fact]
    public async Task Personal_access_tokens_are_shown_once_work_as_bearer_and_can_be_revoked()
    {
        var user = await NewUserAsync();
        await ApiAssert.Ok(await world.Admin.PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", $$"""{"username":"{{user}}","permission":"READ"}"""));
        var created = await ApiAssert.Ok(await world.As(user).PostAsync($"{Users}/tokens/create", """{"name":"ci job","expires_in_days":30}"""));
        var token = created.GetProperty("token").GetString()!;
        Assert.StartsWith("mlw_", token, StringComparison.Ordinal);
        var bearer = new AuthClient(((IApiHost)world.Host).Client, null, null, "team-a", token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync($"/api/2.0/mlflow/experiments/get?experiment_id={world.E2}")).StatusCode);
        var listed = await ApiAssert.Ok(await world.As(user).GetAsync($"{Users}/tokens/list"));
        var info = listed.GetProperty("tokens")[0];
        Assert.Equal("ci job", info.GetProperty("name").GetString());
        Assert.True(info.TryGetProperty("last_used_at", out _));
        Assert.DoesNotContain(token, listed.GetRawText(), StringComparison.Ordinal);
        await ApiAssert.Ok(await world.As(user).PostAsync($"{Users}/tokens/revoke", $$"""{"token_id":{{info.GetProperty("id").GetInt64()}}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync($"/api/2.0/mlflow/experiments/get?experiment_id={world.E2}")).StatusCode);
        var forged = new AuthClient(((IApiHost)world.Host).Client, null, null, "team-a", token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync($"/api/2.0/mlflow/experiments/get?experiment_id={world.E2}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_workspace_or_a_user_removes_their_grants()
    {
        var admin = world.Admin.In(null);
        var ws = $"gone-{Guid.NewGuid():N}"[..16];
        var user = await NewUserAsync();
        await ApiAssert.Ok(await admin.PostAsync("/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), HttpStatusCode.Created);
        await ApiAssert.Ok(await admin.PostAsync($"/api/3.0/mlflow/workspaces/{ws}/permissions", $$"""{"username":"{{user}}","permission":"READ"}"""));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/3.0/mlflow/workspaces/{ws}")).StatusCode);
        var grants = await ApiAssert.Ok(await admin.GetAsync($"/api/3.0/mlflow/workspace-permissions?username={user}"));
        Assert.Equal(0, grants.GetProperty("permissions").GetArrayLength());
        await ApiAssert.Ok(await admin.PostAsync("/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), HttpStatusCode.Created);
        var fresh = await ApiAssert.Ok(await admin.GetAsync($"/api/3.0/mlflow/workspaces/{ws}/permissions"));
        Assert.Equal(0, fresh.GetProperty("permissions").GetArrayLength());
        var audit = await ApiAssert.Ok(await admin.GetAsync($"/api/3.0/mlflow/audit-events?workspace={ws}"));
        Assert.Contains(audit.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "grant.workspace.set");
        Assert.Contains(audit.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "workspace.delete");
        Assert.Equal(HttpStatusCode.Forbidden, (await world.As("alice").In(null).GetAsync("/api/3.0/mlflow/audit-events")).StatusCode);
    }

    [Fact]
    public async Task Model_grants_follow_a_rename_and_die_with_the_model()
    {
        const string Models = "/api/2.0/mlflow/registered-models";
        var user = await NewUserAsync();
        var (name, renamed) = ($"gm-{Guid.NewGuid():N}", $"gm-{Guid.NewGuid():N}");
        await ApiAssert.Ok(await world.Admin.PostAsync($"{Models}/create", $$"""{"name":"{{name}}"}"""));
        await ApiAssert.Ok(await world.Admin.PostAsync($"{Models}/permissions/create", $$"""{"name":"{{name}}","username":"{{user}}","permission":"EDIT"}"""));
        await ApiAssert.Ok(await world.Admin.PostAsync($"{Models}/rename", $$"""{"name":"{{name}}","new_name":"{{renamed}}"}"""));
        var moved = await ApiAssert.Ok(await world.Admin.GetAsync($"{Models}/permissions/get?name={renamed}&username={user}"));
        Assert.Equal("EDIT", moved.GetProperty("registered_model_permission").GetProperty("permission").GetString());
        Assert.Equal(HttpStatusCode.OK, (await world.As(user).GetAsync($"{Models}/get?name={renamed}")).StatusCode);

        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Delete, $"{Models}/delete", $$"""{"name":"{{renamed}}"}"""));
        await ApiAssert.Ok(await world.Admin.PostAsync($"{Models}/create", $$"""{"name":"{{renamed}}"}"""));
        // A new model under the old name does not inherit the old grant.
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.GetAsync($"{Models}/permissions/get?name={renamed}&username={user}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.As(user).GetAsync($"{Models}/get?name={renamed}")).StatusCode);
    }

    [Fact]
    public void Every_api_route_has_an_authorization_rule()
    {
        var sources = world.Host.Services.GetServices<EndpointDataSource>();
        var missing = sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) || raw.TrimStart('/').StartsWith("ajax-api/", StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<AuthRule>() is null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Empty(missing);
        Assert.True(sources.SelectMany(s => s.Endpoints).Count(e => e.Metadata.GetMetadata<AuthRule>() is not null) > 100);
    }
}

public sealed class AuthAccountTests_Sqlite(AuthWorld<SqliteDb> world) : AuthAccountTests<SqliteDb>(world);

public sealed class AuthAccountTests_Postgres(AuthWorld<PostgresDb> world) : AuthAccountTests<PostgresDb>(world);

public sealed class AuthAccountTests_MySql(AuthWorld<MySqlDb> world) : AuthAccountTests<MySqlDb>(world);

/// <summary>Repeated failures for one user or address answer 429 for a while, whether or not the user exists.</summary>
public sealed class LockoutTests(ApiFixture<SqliteDb, LockoutProfile> fixture) : IClassFixture<ApiFixture<SqliteDb, LockoutProfile>>
{
    [Fact]
    public async Task Failed_logins_lock_the_user_and_then_the_address()
    {
        // Per user: 3 failures lock that name, real or not.
        foreach (var name in new[] { "admin", "nobody-here" })
        {
            var wrong = new AuthClient(fixture.Client, name, "wrong-password-99");
            for (var i = 0; i < 3; i++)
                Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/3.0/mlflow/workspaces")).StatusCode);
            var locked = await wrong.GetAsync("/api/3.0/mlflow/workspaces");
            await ApiAssert.Error(locked, HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED", "Too many failed sign-in attempts.");
            Assert.True(locked.Headers.RetryAfter is not null);
        }
        var right = new AuthClient(fixture.Client, "admin", AuthProfile.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await right.GetAsync("/api/3.0/mlflow/workspaces")).StatusCode);

        // Per address: 5 × 3 failures in all (6 so far) lock every name from this client, even untried ones.
        for (var i = 0; i < 9; i++)
        {
            var spray = new AuthClient(fixture.Client, $"spray-{i}", "wrong-password-99");
            Assert.Equal(HttpStatusCode.Unauthorized, (await spray.GetAsync("/api/3.0/mlflow/workspaces")).StatusCode);
        }
        var fresh = new AuthClient(fixture.Client, "never-tried", "wrong-password-99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await fresh.GetAsync("/api/3.0/mlflow/workspaces")).StatusCode);
    }
}
