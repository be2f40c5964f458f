using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Basic credentials verified moments ago are remembered for two seconds (a logging client sends them with every
/// request), but a password change or a removed user takes effect at once on this server.
/// </summary>
public sealed class BasicCredentialCacheTests(AuthWorld<SqliteDb> world) : IClassFixture<AuthWorld<SqliteDb>>
{
    private const string Users = "/api/2.0/mlflow/users";

    [Fact]
    public async Task A_changed_password_or_a_removed_user_is_refused_at_once()
    {
        var user = $"cache-{Guid.NewGuid():N}"[..20];
        await ApiAssert.Ok(await world.Admin.PostAsync($"{Users}/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<SqliteDb>.Password}}"}"""));
        var self = world.As(user).In(null);
        for (var i = 0; i < 3; i++)
            await ApiAssert.Ok(await self.GetAsync($"{Users}/get?username={user}"));

        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Patch, $"{Users}/update-password",
            $$"""{"username":"{{user}}","password":"another-password-1"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, (await self.GetAsync($"{Users}/get?username={user}")).StatusCode);
        var changed = world.As(user, "another-password-1").In(null);
        await ApiAssert.Ok(await changed.GetAsync($"{Users}/get?username={user}"));

        await ApiAssert.Ok(await world.Admin.SendAsync(HttpMethod.Delete, $"{Users}/delete", $$"""{"username":"{{user}}"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, (await changed.GetAsync($"{Users}/get?username={user}")).StatusCode);
    }
}
