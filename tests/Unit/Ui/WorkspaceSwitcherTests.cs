using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The app bar's workspace switcher with accounts on: it lists what the user can reach, filters as they type,
/// keeps the section when switching, takes a typed name, and the workspace entered is remembered per user.
/// </summary>
public sealed class WorkspaceSwitcherTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;
    private readonly IRenderedComponent<MudSnackbarProvider> _snackbars;

    public WorkspaceSwitcherTests(DataFixture<SqliteDb> data)
        : base(data, authEnabled: true)
    {
        SetRendererInfo(new RendererInfo("Server", true)); // Start and WorkspaceGate act only in a live circuit
        _popovers = Render<MudPopoverProvider>(); // the list opens in the popover provider, as in MainLayout
        _snackbars = Render<MudSnackbarProvider>();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>A workspace named <paramref name="prefix"/> plus a unique tail; prefixes fix the list's (ordinal) order.</summary>
    private async Task<string> WorkspaceAsync(string prefix, string? description = null)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var created = await WithAsync<WorkspaceService, Result<WorkspaceInfo>>(s => s.CreateAsync(new CreateWorkspace(name, description), Ct));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return name;
    }

    private async Task GrantAsync(string workspace, Principal user, string level = "READ")
    {
        var granted = await WithAsync<GrantService, Result<WorkspaceGrant>>(s => s.SetWorkspaceAsync(workspace, user.Username, level, Ct), workspace);
        Assert.True(granted.IsSuccess, granted.Error?.Message);
    }

    private IRenderedComponent<WorkspaceSwitcher> RenderAt(string url)
    {
        Navigation.NavigateTo(url);
        return Render<WorkspaceSwitcher>();
    }

    /// <summary>Focusing the field opens the list (OpenOnFocus), which asks the server for it again.</summary>
    private async Task<List<string>> OpenAsync(IRenderedComponent<WorkspaceSwitcher> switcher)
    {
        await switcher.Find("#workspace-switcher-input").FocusAsync(new());
        return Listed();
    }

    private List<string> Listed() =>
        _popovers.FindAll(".switcher-item").Select(e => e.GetAttribute("data-workspace") ?? "").ToList();

    private static Task PressAsync(IRenderedComponent<WorkspaceSwitcher> switcher, string key) =>
        switcher.Find("#workspace-switcher-input").KeyUpAsync(new KeyboardEventArgs { Key = key });

    private List<string> Warnings() =>
        _snackbars.FindAll(".mud-snackbar-content-message").Select(e => e.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_user_sees_only_the_workspaces_granted_to_them_with_their_descriptions()
    {
        var mine = await WorkspaceAsync("mine", "Churn models of team A");
        var other = await WorkspaceAsync("other", "Not for them");
        var user = await AddUserAsync("member");
        await GrantAsync(mine, user);
        SignIn(user);

        var listed = await OpenAsync(RenderAt($"/workspaces/{mine}/experiments"));

        Assert.Equal([mine], listed);
        Assert.Equal("Churn models of team A", _popovers.Find(".switcher-description").TextContent.Trim());
        Assert.DoesNotContain(other, _popovers.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_every_workspace()
    {
        var first = await WorkspaceAsync("first");
        var second = await WorkspaceAsync("second");
        SignIn(await AddUserAsync("admin", admin: true));

        var listed = await OpenAsync(RenderAt("/workspaces"));

        Assert.Contains(first, listed);
        Assert.Contains(second, listed);
        Assert.Contains("default", listed);
    }

    [Fact]
    public async Task Typing_filters_by_name_or_description_without_switching()
    {
        var churn = await WorkspaceAsync("churn");
        var forecasts = await WorkspaceAsync("forecasts", "Weekly demand");
        var notebooks = await WorkspaceAsync("notebooks", "CHURN analysis");
        var user = await AddUserAsync("typist");
        foreach (var ws in new[] { churn, forecasts, notebooks })
            await GrantAsync(ws, user);
        SignIn(user);
        var switcher = RenderAt($"/workspaces/{forecasts}/models");
        Assert.Equal(3, (await OpenAsync(switcher)).Count);

        // Case does not matter; a description matches as well as a name.
        switcher.Find("#workspace-switcher-input").Input("Churn");
        switcher.WaitForAssertion(() => Assert.Equal([churn, notebooks], Listed()));
        switcher.Find("#workspace-switcher-input").Input("demand");
        switcher.WaitForAssertion(() => Assert.Equal([forecasts], Listed()));

        // Filtering is not choosing: a half-typed name neither navigates nor warns.
        switcher.Find("#workspace-switcher-input").Input(notebooks[..5]);
        switcher.WaitForAssertion(() => Assert.Equal([notebooks], Listed()));
        Assert.EndsWith($"/workspaces/{forecasts}/models", Navigation.Uri, StringComparison.Ordinal);
        Assert.Empty(Warnings());
    }

    [Fact]
    public async Task The_list_is_asked_for_again_each_time_it_opens()
    {
        var first = await WorkspaceAsync("first");
        var later = await WorkspaceAsync("later");
        var user = await AddUserAsync("grantee");
        await GrantAsync(first, user);
        SignIn(user);
        var switcher = RenderAt($"/workspaces/{first}/experiments");
        Assert.Equal([first], await OpenAsync(switcher));
        await PressAsync(switcher, "Escape");
        switcher.WaitForAssertion(() => Assert.Empty(Listed()));

        await GrantAsync(later, user); // given by a manager while this page stays open

        Assert.Equal([first, later], await OpenAsync(switcher));
    }

    [Theory]
    [InlineData("models/churn", "models")]
    [InlineData("settings", "settings")]
    [InlineData("runs/0123456789abcdef", "experiments")]
    [InlineData("compare?runs=a,b", "experiments")]
    public async Task Choosing_a_workspace_keeps_the_section(string from, string section)
    {
        var current = await WorkspaceAsync("current");
        var target = await WorkspaceAsync("target", "Where we go");
        var user = await AddUserAsync("switcher");
        await GrantAsync(current, user, "MANAGE");
        await GrantAsync(target, user);
        SignIn(user);
        var switcher = RenderAt($"/workspaces/{current}/{from}");
        await OpenAsync(switcher);

        await _popovers.Find($".switcher-item[data-workspace='{target}']").Closest(".mud-list-item")!.ClickAsync(new());

        switcher.WaitForAssertion(() => Assert.Equal($"http://localhost/workspaces/{target}/{section}", Navigation.Uri));
    }

    [Fact]
    public async Task A_typed_name_the_user_can_reach_is_taken_with_enter()
    {
        var target = await WorkspaceAsync("zz-target");
        // Listed before the target (ordinal order) because its description names it: the exact name must still win.
        var mentions = await WorkspaceAsync("aa-mentions", $"successor of {target}");
        var user = await AddUserAsync("typer");
        await GrantAsync(target, user);
        await GrantAsync(mentions, user);
        SignIn(user);
        var switcher = RenderAt($"/workspaces/{mentions}/prompts");
        await OpenAsync(switcher);

        switcher.Find("#workspace-switcher-input").Input(target);
        switcher.WaitForAssertion(() => Assert.Equal([target, mentions], Listed()));
        await PressAsync(switcher, "Enter");

        switcher.WaitForAssertion(() => Assert.Equal($"http://localhost/workspaces/{target}/prompts", Navigation.Uri));
        Assert.Empty(Warnings());
    }

    [Fact]
    public async Task A_typed_name_that_is_unknown_or_out_of_reach_warns_and_stays()
    {
        var home = await WorkspaceAsync("home");
        var hidden = await WorkspaceAsync("hidden"); // exists, but this user has no grant there
        var user = await AddUserAsync("outsider");
        await GrantAsync(home, user);
        SignIn(user);
        var switcher = RenderAt($"/workspaces/{home}/models");
        await OpenAsync(switcher);

        foreach (var typed in new[] { hidden, "no-such-workspace" })
        {
            switcher.Find("#workspace-switcher-input").Input(typed);
            switcher.WaitForAssertion(() => Assert.Empty(Listed()));
            await PressAsync(switcher, "Enter");
            switcher.WaitForAssertion(() => Assert.Contains($"There is no workspace named '{typed}' that you can reach.", Warnings()));
        }

        Assert.Equal($"http://localhost/workspaces/{home}/models", Navigation.Uri);
        Assert.Equal(2, Warnings().Count);
    }

    [Fact]
    public async Task The_workspace_switched_to_is_remembered_for_that_user_only()
    {
        var shared = await WorkspaceAsync("shared");
        var own = await WorkspaceAsync("own");
        var user = await AddUserAsync("returning");
        var colleague = await AddUserAsync("colleague");
        await GrantAsync(shared, user);
        await GrantAsync(own, user);
        await GrantAsync(shared, colleague);

        // The colleague works in the shared workspace (WorkspaceGate is what enters it, on every workspace page).
        SignIn(colleague);
        Render<WorkspaceGate>(p => p.Add(g => g.Workspace, shared)).WaitForAssertion(() => Assert.Equal(shared, Services.GetRequiredService<WorkspaceSession>().Current));

        SignIn(user);
        var switcher = RenderAt($"/workspaces/{shared}/experiments");
        await OpenAsync(switcher);
        await _popovers.Find($".switcher-item[data-workspace='{own}']").Closest(".mud-list-item")!.ClickAsync(new());
        switcher.WaitForAssertion(() => Assert.EndsWith($"/workspaces/{own}/experiments", Navigation.Uri, StringComparison.Ordinal));
        Render<WorkspaceGate>(p => p.Add(g => g.Workspace, own)).WaitForAssertion(() => Assert.Equal(own, Services.GetRequiredService<WorkspaceSession>().Current));

        // Stored with each account (users.last_workspace), not in the browser.
        Assert.Equal(own, await WithAsync<UserService, string?>(s => s.GetLastWorkspaceAsync(user.UserId, Ct)));
        Assert.Equal(shared, await WithAsync<UserService, string?>(s => s.GetLastWorkspaceAsync(colleague.UserId, Ct)));

        // The start page sends the user back there.
        Navigation.NavigateTo("/");
        var start = Render<Start>();
        start.WaitForAssertion(() => Assert.Equal($"http://localhost/workspaces/{own}/experiments", Navigation.Uri));
    }
}
