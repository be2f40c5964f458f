using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The run page: its overview (markdown description without script, parent and child runs, registered versions),
/// write controls only for a caller who may write, and the open tab kept in the address.
/// </summary>
public sealed class RunPageTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    private const string Note = "**bold** <script>alert(1)</script> [click](javascript:alert(1)) [docs](https://mlflow.org)";

    private sealed record World(string Ws, string ParentId, string ChildId, string Model);

    private async Task<World> ArrangeAsync()
    {
        var ws = await NewWorkspaceAsync("runpage");
        var experiment = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("exp", null, [], Ct), ws);
        var parent = await WithAsync<RunService, Result<RunDto>>(s => s.CreateAsync(new CreateRunRequest(experiment.Value, "u", "parent-run", 1, []), Ct), ws);
        var child = await WithAsync<RunService, Result<RunDto>>(s => s.CreateAsync(new CreateRunRequest(experiment.Value, "u", "child-run", 2,
            [new KeyValue(RunFamilyService.ParentTag, parent.Value.Info.RunId), new KeyValue("mlflow.note.content", Note),
             new KeyValue("mlflow.user", "alice"), new KeyValue("mlflow.source.name", "train.py")]), Ct), ws);
        Assert.True(child.IsSuccess, child.Error?.Message);
        var childId = child.Value.Info.RunId;
        var model = $"m-{Guid.NewGuid():N}"[..10];
        await WithAsync<RegisteredModelService, Result<RegisteredModelDto>>(s => s.CreateAsync(model, [], null, Ct), ws);
        var version = await WithAsync<ModelVersionService, Result<ModelVersionDto>>(
            s => s.CreateAsync(new CreateModelVersionRequest(model, $"runs:/{childId}/model", childId, [], null, null, null), Ct), ws);
        Assert.True(version.IsSuccess, version.Error?.Message);
        return new World(ws, parent.Value.Info.RunId, childId, model);
    }

    /// <summary>The page at its address: bUnit supplies the query parameters from the navigation manager, as the router does.</summary>
    private IRenderedComponent<RunDetailsPage> RenderRun(World world, string runId, string? tab = null)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(RunDetailsPage.Url(world.Ws, runId, tab));
        return Render<RunDetailsPage>(p => p.Add(x => x.Ws, world.Ws).Add(x => x.RunId, runId));
    }

    [Fact]
    public async Task The_overview_renders_the_description_as_markdown_without_script_and_links_parent_children_and_versions()
    {
        var world = await ArrangeAsync();
        SignIn(await AddUserAsync("admin", admin: true));

        var child = RenderRun(world, world.ChildId);
        child.WaitForElement("#run-description-text strong");

        var description = child.Find("#run-description-text");
        Assert.Equal("bold", description.QuerySelector("strong")!.TextContent);
        Assert.Empty(description.QuerySelectorAll("script"));
        Assert.Contains("&lt;script&gt;", description.InnerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(description.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").Contains("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(description.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://mlflow.org");
        Assert.Equal("alice", child.Find("#run-user").TextContent.Trim());
        Assert.Equal("train.py", child.Find("#run-source").TextContent.Trim());
        Assert.EndsWith($"/runs/{world.ParentId}", child.Find("#run-parent").GetAttribute("href"), StringComparison.Ordinal);
        child.WaitForAssertion(() => Assert.EndsWith($"/models/{world.Model}/versions/1", child.Find(".run-version-link").GetAttribute("href"), StringComparison.Ordinal));
        Assert.NotEmpty(child.FindAll("#run-rename"));
        Assert.NotEmpty(child.FindAll("#run-delete"));
        Assert.NotEmpty(child.FindAll("#run-description-edit"));

        var parent = RenderRun(world, world.ParentId);
        parent.WaitForAssertion(() => Assert.EndsWith($"/runs/{world.ChildId}", parent.Find(".child-run-link").GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal("child-run", parent.Find(".child-run-link").TextContent.Trim());
    }

    [Fact]
    public async Task A_reader_sees_the_run_without_rename_delete_or_description_editing()
    {
        var world = await ArrangeAsync();
        await SignInReaderAsync(world.Ws);

        var page = RenderRun(world, world.ChildId);
        page.WaitForElement("#run-description-text strong");

        Assert.Empty(page.FindAll("#run-rename"));
        Assert.Empty(page.FindAll("#run-delete"));
        Assert.Empty(page.FindAll("#run-description-edit"));
    }

    [Fact]
    public async Task An_editor_changes_the_description_through_the_service()
    {
        var world = await ArrangeAsync();
        SignIn(await AddUserAsync("admin", admin: true));
        var page = RenderRun(world, world.ChildId);
        page.WaitForElement("#run-description-edit");

        await page.Find("#run-description-edit").ClickAsync(new());
        page.WaitForElement("#run-description-input").Input("# Heading");
        await page.Find("#run-description-save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Heading", page.Find("#run-description-text h1").TextContent));
        var stored = await WithAsync<RunService, Result<RunDto>>(s => s.GetAsync(world.ChildId, Ct), world.Ws);
        Assert.Equal("# Heading", stored.Value.Tags.Single(t => t.Key == "mlflow.note.content").Value);
    }

    [Fact]
    public async Task The_tab_comes_from_the_address_and_switching_tabs_updates_it()
    {
        var world = await ArrangeAsync();
        SignIn(await AddUserAsync("admin", admin: true));
        var navigation = Services.GetRequiredService<NavigationManager>();

        var page = RenderRun(world, world.ChildId, "params");
        page.WaitForElement("#run-params");
        Assert.Contains("Parameters", page.Find(".mud-tab-active").TextContent, StringComparison.Ordinal);

        await page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Tags", StringComparison.Ordinal)).ClickAsync(new());

        Assert.EndsWith("?tab=tags", navigation.Uri, StringComparison.Ordinal);
        page.WaitForElement("#run-tags");
        await page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("Overview", StringComparison.Ordinal)).ClickAsync(new());
        Assert.DoesNotContain("tab=", navigation.Uri, StringComparison.Ordinal);
    }
}
