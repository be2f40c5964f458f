using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Access;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The permission page of a workspace: users × levels, changed by click after a confirmation, grants added and
/// removed, resource grants listed, and the explanation of a user's access. Every change is checked through
/// <see cref="GrantService"/>, that is, in the database.
/// </summary>
public sealed class PermissionGridTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private readonly IRenderedComponent<MudSnackbarProvider> _snackbars;

    public PermissionGridTests(DataFixture<SqliteDb> data)
        : base(data, authEnabled: true)
    {
        SetRendererInfo(new RendererInfo("Server", true)); // the page sits behind WorkspaceGate
        _popovers = Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        _snackbars = Render<MudSnackbarProvider>();
    }

    private async Task GrantAsync(string ws, Principal user, string level)
    {
        var granted = await WithAsync<GrantService, Result<WorkspaceGrant>>(s => s.SetWorkspaceAsync(ws, user.Username, level, Ct), ws);
        Assert.True(granted.IsSuccess, granted.Error?.Message);
    }

    private async Task<Dictionary<string, string>> StoredAsync(string ws) =>
        (await WithAsync<GrantService, Result<IReadOnlyList<WorkspaceGrant>>>(s => s.ListWorkspaceAsync(ws, Ct), ws)).Value
            .ToDictionary(g => g.Username, g => g.Permission);

    private IRenderedComponent<PermissionsPage> Open(string ws)
    {
        var page = Render<PermissionsPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-progress-linear")));
        return page;
    }

    private static string? Level(IRenderedComponent<PermissionsPage> page, Principal user) =>
        page.FindAll($"tr.grant-row[data-user='{user.Username}'] [data-current='True']").SingleOrDefault()?.GetAttribute("data-level");

    private static IElement LevelButton(IRenderedComponent<PermissionsPage> page, Principal user, string level) =>
        page.Find($"tr.grant-row[data-user='{user.Username}'] button[data-level='{level}']");

    private IElement DialogButton(string text) => _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    /// <summary>A MudSelect opens on mouse-down of its control; the items are in the popover provider.</summary>
    private async Task ChooseAsync(IRenderedComponent<PermissionsPage> page, string id, string item)
    {
        await page.Find($"#{id}").Closest(".mud-input-control")!.MouseDownAsync(new());
        await _popovers.FindAll(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == item).ClickAsync(new());
    }

    private static async Task ExplainAsync(IRenderedComponent<PermissionsPage> page, string user, string resource, string expected)
    {
        page.Find("#explain-user").Input(user);
        page.Find("#explain-resource").Input(resource);
        await page.Find("#explain-run").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(expected, page.Find("#explain-effective").TextContent.Trim()));
    }

    [Fact]
    public async Task There_is_a_row_per_user_with_the_current_level()
    {
        var ws = await NewWorkspaceAsync("grid");
        var (reader, editor) = (await AddUserAsync("reader"), await AddUserAsync("editor"));
        await GrantAsync(ws, reader, "READ");
        await GrantAsync(ws, editor, "EDIT");
        SignIn(await AddUserAsync("boss", admin: true));

        var page = Open(ws);

        Assert.Equal(new[] { reader.Username, editor.Username }.Order(StringComparer.Ordinal).ToList(),
            page.FindAll("tr.grant-row").Select(r => r.GetAttribute("data-user") ?? "").ToList());
        Assert.Equal("READ", Level(page, reader));
        Assert.Equal("EDIT", Level(page, editor));
    }

    [Fact]
    public async Task Changing_a_level_asks_first_and_cancelling_changes_nothing()
    {
        var ws = await NewWorkspaceAsync("grid");
        var member = await AddUserAsync("member");
        await GrantAsync(ws, member, "READ");
        SignIn(await AddUserAsync("boss", admin: true));
        var page = Open(ws);

        // The click's handler awaits the confirmation, so its task ends only once the box is answered.
        var changing = LevelButton(page, member, "EDIT").ClickAsync(new());
        _dialogs.WaitForAssertion(() => Assert.Contains($"Give {member.Username} EDIT in '{ws}' (now READ)?", _dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await DialogButton("Cancel").ClickAsync(new());
        await changing;
        Assert.Equal("READ", (await StoredAsync(ws))[member.Username]);
        Assert.Equal("READ", Level(page, member));

        changing = LevelButton(page, member, "EDIT").ClickAsync(new());
        _dialogs.WaitForElement(".mud-dialog");
        await DialogButton("Change").ClickAsync(new());
        await changing;
        page.WaitForAssertion(() => Assert.Equal("EDIT", Level(page, member)));
        Assert.Equal("EDIT", (await StoredAsync(ws))[member.Username]);
    }

    [Fact]
    public async Task Adding_a_user_grants_the_chosen_level_and_an_unknown_name_gets_the_service_message()
    {
        var ws = await NewWorkspaceAsync("grid");
        var newcomer = await AddUserAsync("newcomer");
        var admin = await AddUserAsync("boss", admin: true);
        SignIn(admin);
        var page = Open(ws);
        page.WaitForElement("#grants-empty");

        page.Find("#grant-user").Input(newcomer.Username);
        await ChooseAsync(page, "grant-level", "EDIT");
        await page.Find("#grant-add").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("EDIT", Level(page, newcomer)));
        Assert.StartsWith($"{admin.Username}, ", page.Find($"tr.grant-row[data-user='{newcomer.Username}'] td.mud-text-secondary").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { [newcomer.Username] = "EDIT" }, await StoredAsync(ws));

        var unknown = $"ghost-{Guid.NewGuid():N}"[..14];
        page.Find("#grant-user").Input(unknown);
        await page.Find("#grant-add").ClickAsync(new());
        var expected = (await WithAsync<GrantService, Result<WorkspaceGrant>>(s => s.SetWorkspaceAsync(ws, unknown, "EDIT", Ct), ws)).Error!.Message;
        _snackbars.WaitForAssertion(() => Assert.Contains(expected, _snackbars.FindAll(".mud-snackbar-content-message").Select(m => m.TextContent.Trim())));
        Assert.Single(page.FindAll("tr.grant-row"));
        Assert.Equal([newcomer.Username], (await StoredAsync(ws)).Keys.ToList());
    }

    [Fact]
    public async Task Removing_a_grant_asks_then_removes_it()
    {
        var ws = await NewWorkspaceAsync("grid");
        var (leaving, staying) = (await AddUserAsync("leaving"), await AddUserAsync("staying"));
        await GrantAsync(ws, leaving, "USE");
        await GrantAsync(ws, staying, "READ");
        SignIn(await AddUserAsync("boss", admin: true));
        var page = Open(ws);

        var removing = page.Find($"button[aria-label='Remove {leaving.Username}']").ClickAsync(new());
        _dialogs.WaitForAssertion(() => Assert.Contains($"Remove {leaving.Username}'s access to '{ws}'?", _dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        await DialogButton("Remove").ClickAsync(new());
        await removing;

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"tr.grant-row[data-user='{leaving.Username}']")));
        Assert.Equal(new Dictionary<string, string> { [staying.Username] = "READ" }, await StoredAsync(ws));
    }

    [Fact]
    public async Task Explicit_grants_on_experiments_and_models_of_this_workspace_are_listed()
    {
        var ws = await NewWorkspaceAsync("grid");
        var elsewhere = await NewWorkspaceAsync("other");
        var (alice, bob) = (await AddUserAsync("alice"), await AddUserAsync("bob"));
        var experiment = (await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("churn", null, [], Ct), ws)).Value;
        await new RegistryArrange(Data, ws).ModelAsync("forecaster");
        var foreign = (await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("foreign", null, [], Ct), elsewhere)).Value;
        Assert.True((await WithAsync<GrantService, Result<ExperimentGrant>>(s => s.CreateExperimentAsync(experiment, alice.Username, "EDIT", Ct), ws)).IsSuccess);
        Assert.True((await WithAsync<GrantService, Result<RegisteredModelGrant>>(s => s.CreateModelAsync("forecaster", bob.Username, "READ", Ct), ws)).IsSuccess);
        Assert.True((await WithAsync<GrantService, Result<ExperimentGrant>>(s => s.CreateExperimentAsync(foreign, bob.Username, "MANAGE", Ct), elsewhere)).IsSuccess);
        SignIn(await AddUserAsync("boss", admin: true));

        var page = Open(ws);

        var rows = page.FindAll("#resource-grants tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        List<List<string>> expected = [[alice.Username, "experiment", "churn", "EDIT"], [bob.Username, "registered model", "forecaster", "READ"]];
        Assert.Equal(expected, rows);
        var links = page.FindAll("#resource-grants a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/workspaces/{ws}/experiments/{experiment}", $"/workspaces/{ws}/models/forecaster"], links);
    }

    [Fact]
    public async Task A_workspace_manager_who_is_not_an_admin_sees_and_uses_the_grid()
    {
        var ws = await NewWorkspaceAsync("grid");
        var manager = await NewUserAsync(ws, "MANAGE");
        var colleague = await AddUserAsync("colleague");
        SignIn(manager);
        var page = Open(ws);

        Assert.Equal("MANAGE", Level(page, manager));
        page.Find("#grant-user").Input(colleague.Username);
        await page.Find("#grant-add").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("READ", Level(page, colleague))); // READ is the preselected level
        Assert.Equal("READ", (await StoredAsync(ws))[colleague.Username]);
    }

    [Theory]
    [InlineData("READ")]
    [InlineData("USE")]
    [InlineData("EDIT")]
    public async Task Members_below_manage_see_the_managers_only_notice_and_no_grants(string level)
    {
        var ws = await NewWorkspaceAsync("grid");
        var member = await NewUserAsync(ws, level);
        SignIn(member);
        var page = Open(ws);

        page.WaitForElement("#permissions-denied");
        Assert.Empty(page.FindAll("#permission-grid"));
        Assert.Empty(page.FindAll("#grant-add"));
        Assert.Empty(page.FindAll("#explain-access"));
        Assert.DoesNotContain(member.Username, page.Markup, StringComparison.Ordinal); // not even their own row
    }

    [Fact]
    public async Task Someone_without_a_grant_gets_no_access_to_the_workspace()
    {
        var ws = await NewWorkspaceAsync("grid");
        SignIn(await AddUserAsync("stranger"));
        var page = Open(ws);
        page.WaitForElement("#no-access");
        Assert.Empty(page.FindAll("#permissions-denied"));
    }

    [Fact]
    public async Task Explaining_access_to_an_experiment_names_the_explicit_or_workspace_grant()
    {
        var ws = await NewWorkspaceAsync("grid");
        var experiment = (await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("churn", null, [], Ct), ws)).Value;
        var explicitUser = await NewUserAsync(ws, "READ");
        Assert.True((await WithAsync<GrantService, Result<ExperimentGrant>>(s => s.CreateExperimentAsync(experiment, explicitUser.Username, "EDIT", Ct), ws)).IsSuccess);
        var member = await NewUserAsync(ws, "USE");
        var outsider = await AddUserAsync("outsider");
        SignIn(await AddUserAsync("boss", admin: true));
        var page = Open(ws);

        await ExplainAsync(page, explicitUser.Username, experiment, "EDIT: explicit grant on this resource (wins over the workspace grant)");
        var overridden = page.FindAll("#explain-result tr").Single(r => r.QuerySelector("th")!.TextContent == "Workspace grant");
        Assert.Equal("READ", overridden.QuerySelector("td")!.TextContent.Trim());
        await ExplainAsync(page, member.Username, experiment, $"USE: grant on workspace '{ws}'");
        await ExplainAsync(page, outsider.Username, experiment, "NO_PERMISSIONS: no grant: the resource is hidden");
    }

    [Fact]
    public async Task Explaining_access_to_a_model_names_the_server_default_where_it_applies()
    {
        // Only with this setting does the default permission reach users without a grant, and only in 'default'.
        Services.GetRequiredService<AuthSettings>().GrantDefaultWorkspaceAccess = true;
        var model = $"model-{Guid.NewGuid():N}"[..14];
        await new RegistryArrange(Data, WorkspaceNames.Default).ModelAsync(model);
        var newcomer = await AddUserAsync("newcomer");
        SignIn(await AddUserAsync("boss", admin: true));
        var page = Open(WorkspaceNames.Default);

        await ChooseAsync(page, "explain-kind", "Model or prompt name");
        await ExplainAsync(page, newcomer.Username, model, "READ: server default permission");

        // A name that is not a user gets the service's message instead of an answer.
        page.Find("#explain-user").Input("nobody-here");
        await page.Find("#explain-run").ClickAsync(new());
        var expected = (await Services.GetRequiredService<AccessExplainer>().RegisteredModelAsync("nobody-here", model, Ct)).Error!.Message;
        page.WaitForAssertion(() => Assert.Equal(expected, page.Find("#explain-error").TextContent.Trim()));
        Assert.Empty(page.FindAll("#explain-result"));
    }
}
