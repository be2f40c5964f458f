using static Microsoft.Playwright.Assertions;

namespace Workspaces.Tests.E2E;

/// <summary>
/// The UI against a server whose workspaces come from a file (issue 15): the file's workspaces are listed and switchable,
/// and creating, editing or deleting a workspace is disabled with the provider's reason.
/// </summary>
public sealed class WorkspaceFileTests(E2EFixture fixture)
{
    [Fact]
    public async Task The_files_workspaces_are_listed_and_the_catalog_is_read_only()
    {
        var directory = Path.Combine(Path.GetTempPath(), "workspaces-e2e-file", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "workspaces.yaml");
        await File.WriteAllTextAsync(file, "default: team-a\nworkspaces:\n  - name: team-a\n    description: Team A from Git\n  - name: team-b\n",
            TestContext.Current.CancellationToken);
        await using var server = new AppServer(directory, new Dictionary<string, string>
        {
            ["Server:WorkspaceStoreUri"] = "file://" + file,
            ["Server:DefaultArtifactRoot"] = "file://" + Path.Combine(directory, "artifacts"),
        });

        var page = await fixture.NewPageAsync(server);
        await page.GotoAsync("/workspaces");
        await E2EFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync("Team A from Git");
        await Expect(page.Locator("#workspace-list")).ToContainTextAsync("team-b");
        await Expect(page.Locator("#workspace-list")).Not.ToContainTextAsync("Default workspace for legacy resources");
        await Expect(page.Locator("#create-workspace")).ToBeDisabledAsync();
        await Expect(page.Locator("#catalog-read-only")).ToContainTextAsync("'file' provider");

        await page.Locator("#workspace-switcher-input").ClickAsync();
        await Expect(page.Locator(".switcher-item")).ToHaveCountAsync(2);
        await page.Locator(".switcher-item[data-workspace='team-b']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/workspaces/team-b/experiments$"));

        await page.GotoAsync("/workspaces/team-a/settings");
        await E2EFixture.WaitForCircuitAsync(page);
        await Expect(page.Locator("#edit-settings")).ToBeDisabledAsync();
        await Expect(page.Locator("#delete-workspace")).ToBeDisabledAsync();
        await page.Context.CloseAsync();
    }
}
