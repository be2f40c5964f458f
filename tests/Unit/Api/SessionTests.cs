using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Server-side sessions (issue: security §5): a cookie captured before logout, a password change or the user's
/// removal no longer works, neither on the API (401) nor on a page (redirect to the login).
/// </summary>
public abstract class SessionTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/3.0/mlflow/workspaces";

    private TestBrowser Browser => new(world.Host.Services);

    private async Task<string> NewUserAsync()
    {
        var user = $"s{Guid.NewGuid():N}"[..12];
        await ApiAssert.Ok(await world.Admin.PostAsync("/api/2.0/mlflow/users/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""));
        return user;
    }

    private async Task AssertSignedInAsync(string cookie)
    {
        Assert.Equal(200, (await Browser.SendAsync(HttpMethod.Get, Api, [cookie])).Status);
        Assert.Equal(200, (await Browser.SendAsync(HttpMethod.Get, "/account", [cookie])).Status);
    }

    private async Task AssertSignedOutAsync(string cookie)
    {
        var api = await Browser.SendAsync(HttpMethod.Get, Api, [cookie]);
        Assert.Equal(401, api.Status);
        var page = await Browser.SendAsync(HttpMethod.Get, "/account", [cookie]);
        Assert.Equal(302, page.Status);
        Assert.StartsWith("http://localhost/login", page.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_captured_before_logout_no_longer_works()
    {
        var cookie = await Browser.LoginAsync("alice", AuthWorld<TDb>.Password);
        await AssertSignedInAsync(cookie);
        var antiforgery = await Browser.AntiforgeryAsync("/account", cookie);
        var logout = await Browser.SendAsync(HttpMethod.Post, "/logout", [cookie, antiforgery.Cookie],
            form: new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery.Token });
        Assert.Equal(302, logout.Status);
        Assert.Equal("/login", logout.Location);
        await AssertSignedOutAsync(cookie);
        // Signing in again opens a new session; the old cookie stays dead.
        await AssertSignedInAsync(await Browser.LoginAsync("alice", AuthWorld<TDb>.Password));
        await AssertSignedOutAsync(cookie);
    }

    [Fact]
    public async Task A_password_change_ends_every_session_of_that_user_only()
    {
        var user = await NewUserAsync();
        var (first, second) = (await Browser.LoginAsync(user, AuthWorld<TDb>.Password), await Browser.LoginAsync(user, AuthWorld<TDb>.Password));
        var bystander = await Browser.LoginAsync("alice", AuthWorld<TDb>.Password);
        await AssertSignedInAsync(first);
        await AssertSignedInAsync(second);
        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Patch, "/api/2.0/mlflow/users/update-password",
            $$"""{"username":"{{user}}","password":"another-password-1"}"""));
        await AssertSignedOutAsync(first);
        await AssertSignedOutAsync(second);
        await AssertSignedInAsync(bystander);
        await AssertSignedInAsync(await Browser.LoginAsync(user, "another-password-1"));
    }

    [Fact]
    public async Task Removing_a_user_ends_their_sessions_even_if_the_name_comes_back()
    {
        var user = await NewUserAsync();
        var cookie = await Browser.LoginAsync(user, AuthWorld<TDb>.Password);
        await AssertSignedInAsync(cookie);
        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Delete, "/api/2.0/mlflow/users/delete", $$"""{"username":"{{user}}"}"""));
        await AssertSignedOutAsync(cookie);
        // A new account under the same name does not inherit the old account's sessions.
        await ApiAssert.Ok(await world.Admin.PostAsync("/api/2.0/mlflow/users/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""));
        await AssertSignedOutAsync(cookie);
    }

    [Fact]
    public async Task Cookie_authenticated_writes_need_a_same_origin_request()
    {
        var cookie = await Browser.LoginAsync("admin", AuthProfile.AdminPassword);
        async Task<BrowserResponse> CreateAsync(Dictionary<string, string> headers, params string[] cookies)
        {
            headers["X-MLFLOW-WORKSPACE"] = "team-a";
            return await Browser.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", cookies.Length > 0 ? cookies : [cookie], headers,
                json: $$"""{"name":"csrf-{{Guid.NewGuid():N}}"}""");
        }

        Assert.Equal(200, (await CreateAsync(new() { ["Origin"] = "http://localhost" })).Status);
        Assert.Equal(200, (await CreateAsync(new() { ["Referer"] = "http://localhost/experiments?x=1" })).Status);
        foreach (var headers in new Dictionary<string, string>[]
                 {
                     new() { ["Origin"] = "http://evil.example" },
                     new() { ["Origin"] = "null" },
                     new() { ["Origin"] = "http://localhost:8080" },
                     new() { ["Origin"] = "https://localhost" },
                     new() { ["Origin"] = "http://evil.example", ["Referer"] = "http://localhost/" }, // Origin decides when present
                     new() { ["Referer"] = "http://evil.example/page" },
                     new(), // neither: no proof of where it came from
                 })
        {
            var refused = await CreateAsync(headers);
            Assert.True(refused.Status == 403, $"{string.Join(", ", headers)} → {refused.Status}");
            Assert.Equal("Permission denied", refused.Body);
        }

        // The antiforgery header (the token our pages carry) is proof enough, even without Origin.
        var antiforgery = await Browser.AntiforgeryAsync("/account", cookie);
        Assert.Equal(200, (await CreateAsync(new() { ["RequestVerificationToken"] = antiforgery.Token }, cookie, antiforgery.Cookie)).Status);
        Assert.Equal(403, (await CreateAsync(new() { ["RequestVerificationToken"] = "forged" }, cookie, antiforgery.Cookie)).Status);

        // Reads are not guarded; Basic and Bearer callers are not affected (a foreign page cannot make a browser send them).
        Assert.Equal(200, (await Browser.SendAsync(HttpMethod.Get, Api, [cookie], new Dictionary<string, string> { ["Origin"] = "http://evil.example" })).Status);
        var token = (await ApiAssert.Ok(await world.Admin.PostAsync("/api/2.0/mlflow/users/tokens/create", """{"name":"csrf"}"""))).GetProperty("token").GetString();
        foreach (var authorization in new[] { "Basic " + Convert.ToBase64String("admin:admin-password-123"u8.ToArray()), "Bearer " + token })
        {
            var response = await Browser.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", null,
                new Dictionary<string, string> { ["Origin"] = "http://evil.example", ["Authorization"] = authorization, ["X-MLFLOW-WORKSPACE"] = "team-a" },
                json: $$"""{"name":"csrf-{{Guid.NewGuid():N}}"}""");
            Assert.Equal(200, response.Status);
        }
    }
}

public sealed class SessionTests_Sqlite(AuthWorld<SqliteDb> world) : SessionTests<SqliteDb>(world);

public sealed class SessionTests_Postgres(AuthWorld<PostgresDb> world) : SessionTests<PostgresDb>(world);

public sealed class SessionTests_MySql(AuthWorld<MySqlDb> world) : SessionTests<MySqlDb>(world);
