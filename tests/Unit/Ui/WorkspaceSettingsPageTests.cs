using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Catalog;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>Workspace settings: everyone who may enter sees them; only admins change or delete.</summary>
public sealed class WorkspaceSettingsPageTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    public WorkspaceSettingsPageTests(DataFixture<SqliteDb> data)
        : base(data, authEnabled: true) =>
        SetRendererInfo(new RendererInfo("Server", true)); // WorkspaceGate remembers the workspace only in a live circuit

    private async Task<string> WorkspaceAsync(string? root = null)
    {
        var name = $"set-{Guid.NewGuid():N}"[..12];
        await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.CreateAsync(new CreateWorkspace(name, "Team space", root), Ct));
        await using (var db = Data.Db(name))
            await db.AddExperimentAsync(name, "first");
        return name;
    }

    private static string Value(IRenderedComponent<WorkspaceSettingsPage> page, string id) => page.Find($"#{id}").GetAttribute("value") ?? "";

    [Fact]
    public async Task A_member_who_is_not_an_admin_sees_the_settings_read_only()
    {
        var name = await WorkspaceAsync("s3://bucket/team");
        var member = await AddUserAsync("member");
        await WithAsync<GrantService, Workspaces.Data.Errors.Result<WorkspaceGrant>>(s => s.SetWorkspaceAsync(name, member.Username, "READ", Ct));
        SignIn(member);
        var page = Render<WorkspaceSettingsPage>(p => p.Add(x => x.Ws, name));

        page.WaitForElement("#settings-read-only");
        Assert.Equal(name, Value(page, "settings-name"));
        Assert.Equal("Team space", Value(page, "settings-description"));
        Assert.Equal("s3://bucket/team", Value(page, "settings-root"));
        Assert.True(page.Find("#settings-description").HasAttribute("readonly"));
        Assert.Equal("1", page.Find("#count-experiments").TextContent.Trim());
        Assert.Equal("1", page.Find("#count-members").TextContent.Trim());
        Assert.Empty(page.FindAll("#edit-settings"));
        Assert.Empty(page.FindAll("#delete-workspace"));
    }

    [Fact]
    public async Task Someone_without_a_grant_gets_no_access()
    {
        var name = await WorkspaceAsync();
        SignIn(await AddUserAsync("stranger"));
        var page = Render<WorkspaceSettingsPage>(p => p.Add(x => x.Ws, name));
        page.WaitForElement("#no-access");
        Assert.Empty(page.FindAll("#settings-name"));
    }

    [Fact]
    public async Task An_admin_edits_inline_with_the_update_checks()
    {
        var name = await WorkspaceAsync();
        SignIn(await AddUserAsync("editor", admin: true));
        RenderProviders();
        var page = Render<WorkspaceSettingsPage>(p => p.Add(x => x.Ws, name));
        await page.WaitForElement("#edit-settings").ClickAsync(new());

        page.Find("#settings-root").Input("runs:/abc/model");
        var expected = Services.GetRequiredService<WorkspaceService>().ValidateUpdate(new UpdateWorkspace(name, "Team space", "runs:/abc/model"))!.Message;
        page.WaitForAssertion(() => Assert.Contains(expected, page.Markup, StringComparison.Ordinal));
        Assert.True(page.Find("#save-settings").HasAttribute("disabled"));

        page.Find("#settings-description").Input("Renamed purpose");
        page.Find("#settings-root").Input("s3://bucket/new");
        page.WaitForAssertion(() => Assert.False(page.Find("#save-settings").HasAttribute("disabled")));
        await page.Find("#save-settings").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("Renamed purpose", Value(page, "settings-description")));
        Assert.Equal("s3://bucket/new", Value(page, "settings-root"));
        var saved = await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.GetAsync(name, Ct));
        Assert.Equal(new WorkspaceInfo(name, "Renamed purpose", "s3://bucket/new"), saved.Value);
    }

    [Fact]
    public async Task An_admin_deletes_through_the_dialog_and_lands_on_the_list_but_default_has_no_delete()
    {
        SignIn(await AddUserAsync("remover", admin: true));
        var provider = RenderProviders();
        var home = Render<WorkspaceSettingsPage>(p => p.Add(x => x.Ws, WorkspaceNames.Default));
        home.WaitForElement("#edit-settings");
        Assert.Empty(home.FindAll("#delete-workspace"));

        var name = await WorkspaceAsync();
        var page = Render<WorkspaceSettingsPage>(p => p.Add(x => x.Ws, name));
        var deleting = page.WaitForElement("#delete-workspace").ClickAsync(new()); // completes when the dialog closes
        provider.WaitForElement("#delete-confirm");
        await provider.Find("#delete-mode").QuerySelectorAll("input")[1].ClickAsync(new()); // cascade: it holds an experiment
        provider.Find("#delete-confirm").Input(name);
        await provider.Find("#delete-submit").ClickAsync(new());
        await deleting;

        var navigation = Services.GetRequiredService<NavigationManager>();
        provider.WaitForAssertion(() => Assert.EndsWith("/workspaces", navigation.Uri, StringComparison.Ordinal));
        Assert.False((await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.GetAsync(name, Ct))).IsSuccess);
    }
}
