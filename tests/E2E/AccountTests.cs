using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>The account page: personal access tokens made in the browser work on the API until revoked.</summary>
public sealed class AccountTests(E2EFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_token_created_in_the_browser_is_shown_once_works_as_bearer_and_can_be_revoked()
    {
        const string user = "erin-tokens";
        const string password = "erin-password-123";
        using (var admin = Api(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + E2EFixture.AdminPassword)))))
        {
            var created = await admin.PostAsync("/api/2.0/mlflow/users/create",
                new StringContent($$"""{"username":"{{user}}","password":"{{password}}"}""", Encoding.UTF8, "application/json"), Ct);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        }
        var page = await fixture.SignInAsync(user, password);
        await page.Locator("#signed-in-user").ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.Secured.BaseUrl + "/account");
        await E2EFixture.WaitForCircuitAsync(page);

        await page.Locator("#create-token").ClickAsync();
        await Expect(page.Locator("#token-error")).ToContainTextAsync("name");

        await page.Locator("#token-name").FillAsync("e2e job");
        await page.Locator("#token-days").FillAsync("30");
        await page.Locator("#create-token").ClickAsync();
        await Expect(page.Locator("#new-token")).ToContainTextAsync("mlw_");
        var token = (await page.Locator("#new-token").InnerTextAsync()).Trim();
        await Expect(page.Locator("#token-list")).ToContainTextAsync("e2e job");
        await Expect(page.Locator("#token-list .token-state")).ToHaveTextAsync("active");
        await E2EFixture.ScreenshotAsync(page, "account.png");

        using var bearer = Api(new AuthenticationHeaderValue("Bearer", token));
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/3.0/mlflow/workspaces", Ct)).StatusCode);

        // Once the page is left, the secret is gone for good.
        await page.ReloadAsync();
        await E2EFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("#new-token")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(token);

        await page.Locator("#token-list").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("#token-list .token-state")).ToHaveTextAsync("revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/3.0/mlflow/workspaces", Ct)).StatusCode);
        await page.Context.CloseAsync();
    }

    private HttpClient Api(AuthenticationHeaderValue credentials) => new()
    {
        BaseAddress = new Uri(fixture.Secured.BaseUrl),
        DefaultRequestHeaders = { Authorization = credentials },
    };
}
