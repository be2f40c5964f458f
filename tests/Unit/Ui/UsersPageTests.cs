using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Auth;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Admin;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The users page is for admins only and shows the service's own messages.</summary>
public sealed class UsersPageTests(DataFixture<SqliteDb> data) : UiTestContext(data, authEnabled: true), IClassFixture<DataFixture<SqliteDb>>
{
    [Fact]
    public async Task A_non_admin_sees_the_admins_only_state_and_no_accounts()
    {
        SignIn(await AddUserAsync("plain"));
        var page = Render<UsersPage>();
        Assert.Single(page.FindAll("#admins-only"));
        Assert.Empty(page.FindAll("#user-list"));
    }

    [Fact]
    public async Task An_admin_creates_a_user_through_the_dialog_and_sees_the_service_message_for_a_short_password()
    {
        SignIn(await AddUserAsync("boss", admin: true));
        var provider = RenderProviders();
        var page = Render<UsersPage>();
        page.WaitForElement("#user-list");

        var opening = page.Find("#create-user").ClickAsync(new()); // completes when the dialog closes
        provider.WaitForElement("#user-name");
        var name = $"new-{Guid.NewGuid():N}"[..12];
        provider.Find("#user-name").Input(name);
        provider.Find("#user-password").Input("short");
        await provider.Find("#user-submit").ClickAsync(new());
        var expected = (await WithAsync<UserService, Workspaces.Data.Errors.Result<UserInfo>>(s => s.CreateAsync(name, "short", Ct))).Error!.Message;
        provider.WaitForAssertion(() => Assert.Equal(expected, provider.Find("#user-error").TextContent.Trim()));
        Assert.False((await WithAsync<UserService, Workspaces.Data.Errors.Result<UserInfo>>(s => s.GetAsync(name, Ct))).IsSuccess);

        provider.Find("#user-password").Input("a-long-enough-secret");
        await provider.Find("#user-submit").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#user-name")));
        var created = await WithAsync<UserService, Workspaces.Data.Errors.Result<UserInfo>>(s => s.GetAsync(name, Ct));
        Assert.False(created.Value.IsAdmin);
        await opening;
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".user-name"), c => c.TextContent.Trim() == name));
    }

    [Fact]
    public async Task An_admin_cannot_delete_or_demote_themself_but_can_delete_someone_else()
    {
        var me = await AddUserAsync("self", admin: true);
        var other = await AddUserAsync("other");
        SignIn(me);
        var provider = RenderProviders();
        var page = Render<UsersPage>();
        page.WaitForElement($"#delete-user-{me.UserId}");
        Assert.True(page.Find($"#delete-user-{me.UserId}").HasAttribute("disabled"));
        Assert.True(page.Find($"#toggle-admin-{me.UserId}").HasAttribute("disabled"));
        Assert.False(page.Find($"#delete-user-{other.UserId}").HasAttribute("disabled"));

        // The dialog refuses too, should it be opened for yourself some other way.
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<DeleteUserDialog>("self", new DialogParameters<DeleteUserDialog> { { d => d.Username, me.Username } }));
        provider.WaitForElement("#delete-user-self");
        provider.Find("#delete-user-confirm").Input(me.Username);
        Assert.True(provider.Find("#delete-user-submit").HasAttribute("disabled"));
        await provider.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#delete-user-confirm")));

        var deleting = page.Find($"#delete-user-{other.UserId}").ClickAsync(new());
        provider.WaitForElement("#delete-user-confirm");
        Assert.True(provider.Find("#delete-user-submit").HasAttribute("disabled"));
        provider.Find("#delete-user-confirm").Input(other.Username);
        provider.WaitForAssertion(() => Assert.False(provider.Find("#delete-user-submit").HasAttribute("disabled")));
        await provider.Find("#delete-user-submit").ClickAsync(new());
        await deleting;
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"#delete-user-{other.UserId}")));
        Assert.Null(await WithAsync<UserService, Principal?>(s => s.FindAsync(other.Username, Ct)));
    }

    [Fact]
    public async Task Making_someone_an_admin_asks_first()
    {
        SignIn(await AddUserAsync("chief", admin: true));
        var other = await AddUserAsync("promoted");
        var provider = RenderProviders();
        var page = Render<UsersPage>();
        var toggling = page.WaitForElement($"#toggle-admin-{other.UserId}").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("will manage users", provider.Markup, StringComparison.Ordinal));
        Assert.False((await WithAsync<UserService, Principal?>(s => s.FindAsync(other.Username, Ct)))!.IsAdmin);

        var yes = provider.FindAll("button").Single(b => b.TextContent.Trim() == "Make admin");
        await yes.ClickAsync(new());
        await toggling;
        page.WaitForAssertion(() => Assert.Equal("admin", page.Find($"#toggle-admin-{other.UserId}").Closest("tr")!.QuerySelector(".user-role")!.TextContent.Trim()));
        Assert.True((await WithAsync<UserService, Principal?>(s => s.FindAsync(other.Username, Ct)))!.IsAdmin);
    }
}
