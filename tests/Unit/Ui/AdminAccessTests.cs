using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Access;
using Workspaces.Web.Components.Pages.Admin;
using Workspaces.Web.Components.Pages.Catalog;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The permission grid, the workspace list and settings, and the users page for a restricted user with READ: no
/// write control is shown, and a handler or dialog reached anyway goes to the service, whose refusal is shown.
/// </summary>
public sealed class AdminAccessTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    private Task<string?> GrantOfAsync(string ws, string username) =>
        WithAsync<GrantService, string?>(async s => (await s.ListWorkspaceAsync(ws, Ct)).Value.SingleOrDefault(g => g.Username == username)?.Permission, ws);

    [Fact]
    public async Task A_reader_sees_no_grid_no_workspace_changes_and_no_accounts()
    {
        var ws = await NewWorkspaceAsync("adm");
        await SignInReaderAsync(ws);

        var permissions = Render<PermissionsPage>(p => p.Add(x => x.Ws, ws));
        permissions.WaitForElement("#permissions-denied");
        Assert.Empty(permissions.FindAll("#grant-add"));
        Assert.Empty(permissions.FindAll("#permission-grid"));

        var list = Render<WorkspacesPage>();
        list.WaitForElement("#workspace-list");
        Assert.Empty(list.FindAll("#create-workspace"));
        Assert.DoesNotContain(list.FindAll("#workspace-list button"), b => (b.GetAttribute("aria-label") ?? "").StartsWith("Edit ", StringComparison.Ordinal));
        Assert.DoesNotContain(list.FindAll("#workspace-list button"), b => (b.GetAttribute("aria-label") ?? "").StartsWith("Delete ", StringComparison.Ordinal));

        var settings = Render<WorkspaceSettingsPage>(p => p.Add(x => x.Ws, ws));
        settings.WaitForElement("#settings-read-only");
        Assert.Empty(settings.FindAll("#edit-settings"));
        Assert.Empty(settings.FindAll("#delete-workspace"));

        var users = Render<UsersPage>();
        Assert.Single(users.FindAll("#admins-only"));
        Assert.Empty(users.FindAll("#create-user"));
    }

    [Fact]
    public async Task Granting_and_removing_reached_anyway_are_refused_by_the_service_with_a_message()
    {
        var ws = await NewWorkspaceAsync("adm");
        var reader = await SignInReaderAsync(ws);
        var page = Render<PermissionsPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForElement("#permissions-denied");
        var grid = page.FindComponent<PermissionGrid>();

        await CallAsync(grid, "SetAsync", reader.Username, "MANAGE");
        Refused(1);

        var removing = CallAsync(grid, "RemoveAsync", new WorkspaceGrant(ws, reader.UserId, "READ", reader.Username));
        await AnswerAsync("Remove");
        await removing;
        Refused(2);
        Assert.Equal("READ", await GrantOfAsync(ws, reader.Username));
    }

    [Fact]
    public async Task Creating_editing_and_deleting_workspaces_reached_anyway_are_refused_by_the_service_in_theDialogs()
    {
        var ws = await NewWorkspaceAsync("adm");
        await SignInReaderAsync(ws);
        var list = Render<WorkspacesPage>();
        list.WaitForElement("#workspace-list");

        var creating = CallAsync(list, "CreateAsync");
        var name = $"new-{Guid.NewGuid():N}"[..12];
        Dialogs.WaitForElement("#ws-name").Input(name);
        Dialogs.Find("#ws-root").Input("s3://bucket/new");
        await Dialogs.Find("#ws-submit").ClickAsync(new());
        RefusedIn("ws-error");
        await AnswerAsync("Cancel");
        await creating;
        Assert.False((await WithAsync<WorkspaceService, Result<WorkspaceInfo>>(s => s.GetAsync(name, Ct))).IsSuccess);

        var info = await WithAsync<WorkspaceService, WorkspaceInfo>(async s => (await s.GetAsync(ws, Ct)).Value);
        await ShowAsync(new DialogParameters<WorkspaceFormDialog> { { d => d.Existing, info } });
        Dialogs.WaitForElement("#ws-description").Input("changed");
        await Dialogs.Find("#ws-submit").ClickAsync(new());
        RefusedIn("ws-error");
        await AnswerAsync("Cancel");

        await ShowAsync(new DialogParameters<DeleteWorkspaceDialog> { { d => d.Name, ws } });
        Dialogs.WaitForElement("#delete-confirm").Input(ws);
        await Dialogs.Find("#delete-submit").ClickAsync(new());
        RefusedIn("delete-error");
        Assert.Equal(info, (await WithAsync<WorkspaceService, Result<WorkspaceInfo>>(s => s.GetAsync(ws, Ct))).Value);
    }

    [Fact]
    public async Task The_userDialogs_and_the_admin_toggle_reached_anyway_are_refused_by_the_service()
    {
        var ws = await NewWorkspaceAsync("adm");
        var other = await AddUserAsync("other");
        await SignInReaderAsync(ws);

        await ShowAsync(new DialogParameters<CreateUserDialog>());
        var name = $"new-{Guid.NewGuid():N}"[..12];
        Dialogs.WaitForElement("#user-name").Input(name);
        Dialogs.Find("#user-password").Input("a-long-enough-secret");
        await Dialogs.Find("#user-submit").ClickAsync(new());
        RefusedIn("user-error");
        await AnswerAsync("Cancel");
        Assert.False((await WithAsync<UserService, Result<UserInfo>>(s => s.GetAsync(name, Ct))).IsSuccess);

        await ShowAsync(new DialogParameters<ResetPasswordDialog> { { d => d.Username, other.Username } });
        Dialogs.WaitForElement("#new-password").Input("another-long-secret");
        await Dialogs.Find("#password-submit").ClickAsync(new());
        RefusedIn("password-error");
        await AnswerAsync("Cancel");

        await ShowAsync(new DialogParameters<DeleteUserDialog> { { d => d.Username, other.Username } });
        Dialogs.WaitForElement("#delete-user-confirm").Input(other.Username);
        await Dialogs.Find("#delete-user-submit").ClickAsync(new());
        RefusedIn("delete-user-error");
        await AnswerAsync("Cancel");

        // The account list itself is behind AdminOnly; its handler is called on the component directly.
        var admin = Render<UserAdmin>();
        var toggling = CallAsync(admin, "ToggleAdminAsync", new UserSummary(other.UserId, other.Username, false, 0, false));
        await AnswerAsync("Make admin");
        await toggling;
        Refused(1);
        Assert.False((await WithAsync<UserService, Principal?>(s => s.FindAsync(other.Username, Ct)))!.IsAdmin);
    }
}
