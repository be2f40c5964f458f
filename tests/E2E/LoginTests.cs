using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workspaces.Data.Auth;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>Browser sign-in on the auth-on server: the local form, and single sign-on through a real OpenID Connect provider.</summary>
public sealed class LoginTests(E2EFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Local_form_signs_in_shows_the_user_over_the_circuit_and_signs_out()
    {
        var page = await fixture.NewPageAsync(fixture.Secured);
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2F$"));
        await E2EFixture.ScreenshotAsync(page, "login.png");

        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync("not-the-password");
        await page.Locator("#signin").ClickAsync();
        await Expect(page.Locator("#login-error")).ToHaveTextAsync("Wrong user name or password.");

        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(E2EFixture.AdminPassword);
        await page.Locator("#signin").ClickAsync();
        await Expect(page).ToHaveURLAsync(E2EFixture.Landing(fixture.Secured));
        await E2EFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("admin");
        // The admin may land in the last workspace another test left them in; the list is one click away.
        await page.GotoAsync("/workspaces");
        await E2EFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync("default");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == ".Workspaces.Session");
        Assert.True(session.HttpOnly);

        await page.Locator("#logout").ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.Secured.BaseUrl + "/login");
        await page.GotoAsync("/workspaces");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fworkspaces$"));
        await page.Context.CloseAsync();

        // Signing out takes the form's antiforgery token: a foreign page cannot post it.
        using var bare = new HttpClient { BaseAddress = new Uri(fixture.Secured.BaseUrl) };
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await bare.PostAsync("/logout", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Single_sign_on_provisions_the_user_who_sees_only_granted_workspaces()
    {
        var workspace = await CreateWorkspaceAsync("sso-team");
        var page = await SignInThroughIdpAsync("carol-sso", admin: false);
        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("carol-sso");
        await Expect(page.Locator("#workspace-empty")).ToBeVisibleAsync();

        using (var scope = fixture.Secured.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserService>().FindAsync("carol-sso", Ct);
            Assert.NotNull(user);
            Assert.False(user.IsAdmin);
        }

        // A grant made elsewhere shows up in the same circuit: it sees the cookie's user.
        using var api = AdminApi();
        var grant = await api.PostAsync($"/api/3.0/mlflow/workspaces/{workspace}/permissions",
            new StringContent("""{"username":"carol-sso","permission":"READ"}""", Encoding.UTF8, "application/json"), Ct);
        Assert.True(grant.IsSuccessStatusCode, await grant.Content.ReadAsStringAsync(Ct));
        await page.Locator("#refresh").ClickAsync();
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync(workspace);
        await E2EFixture.ScreenshotAsync(page, "signed-in.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Single_sign_on_members_of_the_admin_group_are_admins()
    {
        var workspace = await CreateWorkspaceAsync("sso-admin");
        var page = await SignInThroughIdpAsync("dana-sso", admin: true);
        await Expect(page.Locator("#signed-in-user")).ToHaveTextAsync("dana-sso");
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync(workspace);
        using var scope = fixture.Secured.Services.CreateScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserService>().FindAsync("dana-sso", Ct))!.IsAdmin);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignInThroughIdpAsync(string username, bool admin)
    {
        var page = await fixture.NewPageAsync(fixture.Secured);
        await page.GotoAsync("/login");
        await page.Locator("#signin-oidc").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + fixture.Idp.Authority + "account/login"));
        await page.Locator("#idp-username").FillAsync(username);
        if (admin)
            await page.Locator("#idp-admin").CheckAsync();
        await page.Locator("#idp-signin").ClickAsync();
        await Expect(page).ToHaveURLAsync(E2EFixture.Landing(fixture.Secured));
        await E2EFixture.WaitForCircuitAsync(page);
        return page;
    }

    private async Task<string> CreateWorkspaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        using var api = AdminApi();
        var created = await api.PostAsync("/api/3.0/mlflow/workspaces",
            new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/json"), Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        return name;
    }

    private HttpClient AdminApi() => new()
    {
        BaseAddress = new Uri(fixture.Secured.BaseUrl),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + E2EFixture.AdminPassword))) },
    };
}
