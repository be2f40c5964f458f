using System.Net.Http.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>
/// The AI Gateway in the browser (issue 14 §5): an API key pointing at a real stand-in provider, a model definition and an
/// endpoint made through the dialogs, then the playground streams the provider's answer.
/// </summary>
public sealed class GatewayJourneyTests(E2EFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Key_model_endpoint_and_a_streamed_answer_in_the_playground()
    {
        await using var provider = new FakeLlmProvider();
        await provider.InitializeAsync();
        var ws = $"gw-{Guid.NewGuid():N}"[..11];
        var model = $"model-{Guid.NewGuid():N}"[..14];
        using (var api = new HttpClient { BaseAddress = new Uri(fixture.Open.BaseUrl) })
            Assert.True((await api.PostAsJsonAsync("/api/3.0/mlflow/workspaces", new { name = ws }, Ct)).IsSuccessStatusCode);

        var page = await fixture.OpenAsync($"/workspaces/{ws}/gateway?tab=keys");
        await page.Locator("#create-key").ClickAsync();
        await page.Locator("#key-name-input").FillAsync("team-key");
        await page.Locator("#key-secret-value-0").FillAsync(FakeLlmProvider.ApiKey);
        await page.Locator("#key-setting-add").ClickAsync();
        await page.Locator("#key-setting-key-0").FillAsync("api_base");
        await page.Locator("#key-setting-value-0").FillAsync(provider.V1);
        await page.Locator("#key-create-submit").ClickAsync();
        await Expect(page.Locator("#key-list")).ToContainTextAsync("team-key");
        await Expect(page.Locator("#key-list")).Not.ToContainTextAsync(FakeLlmProvider.ApiKey);
        await E2EFixture.ScreenshotAsync(page, "gateway-keys.png");

        await page.GotoAsync($"/workspaces/{ws}/gateway?tab=models");
        await E2EFixture.WaitForCircuitAsync(page);
        await page.Locator("#create-definition").ClickAsync();
        await page.Locator("#definition-name-input").FillAsync("chat-model");
        await page.Locator("#definition-model-input").FillAsync(model);
        await page.Locator("#definition-submit").ClickAsync();
        await Expect(page.Locator("#definition-list")).ToContainTextAsync("chat-model");

        await page.GotoAsync($"/workspaces/{ws}/gateway?tab=endpoints");
        await E2EFixture.WaitForCircuitAsync(page);
        await page.Locator("#create-endpoint").ClickAsync();
        await page.Locator("#endpoint-name-input").FillAsync("assistant");
        await page.Locator("#endpoint-submit").ClickAsync();
        await Expect(page.Locator("#endpoint-list")).ToContainTextAsync("assistant");
        await page.Locator("#endpoint-list").GetByText("assistant", new() { Exact = true }).ClickAsync();

        await Expect(page.Locator("#endpoint-title")).ToContainTextAsync("assistant");
        await E2EFixture.WaitForCircuitAsync(page);
        await page.Locator("#playground-input").FillAsync("Say hello");
        await page.Locator("#playground-send").ClickAsync();
        // While it streams the answer grows in #playground-answer; once complete it joins the conversation (the same class).
        await Expect(page.Locator(".playground-assistant").Last).ToContainTextAsync(string.Concat(FakeLlmResponses.Pieces));
        await Expect(page.Locator("#playground-usage")).ToContainTextAsync("prompt");
        await Expect(page.Locator("#usage-totals")).ToBeVisibleAsync(); // the chart read the call's usage row
        await E2EFixture.ScreenshotAsync(page, "gateway-endpoint.png");
        var seen = Assert.Single(provider.RequestsFor(model));
        Assert.Equal($"Bearer {FakeLlmProvider.ApiKey}", seen.Headers["authorization"]);
    }
}
