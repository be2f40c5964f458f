using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

public sealed class SmokeTests(E2EFixture fixture)
{
    [Fact]
    public async Task Home_page_renders_becomes_interactive_and_lists_default()
    {
        var page = await fixture.OpenAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workspaces", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync("default");
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync("Default workspace for legacy resources");

        // A change made through the shared service shows up after a click over the circuit.
        var name = $"e2e-{Guid.NewGuid():N}"[..16];
        using (var scope = fixture.Open.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<WorkspaceService>()
                .CreateAsync(new CreateWorkspace(name, "Made by the smoke test"), TestContext.Current.CancellationToken);
            Assert.True(created.IsSuccess);
        }
        await page.Locator("#refresh").ClickAsync();
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync(name);
        await page.Context.CloseAsync();
    }
}
