using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>In Chromium, every UI error page arrives with a 4xx status and says what was not found.</summary>
public sealed class ErrorPageTests(E2EFixture fixture)
{
    [Theory]
    [InlineData("/no/such/page", "not found")]
    [InlineData("/workspaces/default/runs/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
    [InlineData("/workspaces/default/experiments/987654321", "Experiment not found")]
    [InlineData("/workspaces/default/models/no-such-model", "Model not found")]
    [InlineData("/workspaces/default/models/no-such-model/versions/x", "not found")]
    [InlineData("/workspaces/no-such-team/experiments", "does not exist")]
    public async Task An_error_page_is_a_4xx_and_says_what_is_missing(string path, string says)
    {
        var page = await fixture.NewPageAsync(fixture.Open);
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.InRange(response.Status, 400, 499);
        await Expect(page.Locator("body")).ToContainTextAsync(says, new() { IgnoreCase = true });
        await page.Context.CloseAsync();
    }
}
