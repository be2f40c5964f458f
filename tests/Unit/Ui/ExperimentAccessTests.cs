using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The experiment list, its row actions and dialogs for a restricted user with READ: no write control is shown, and a
/// handler reached anyway (a crafted circuit message) goes to <see cref="ExperimentService"/>, whose refusal the page shows.
/// </summary>
public sealed class ExperimentAccessTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    /// <summary>A workspace with one experiment tagged <c>team=a</c>, and a reader signed in there.</summary>
    private async Task<(string Ws, string ExperimentId)> ArrangeAsync()
    {
        var ws = await NewWorkspaceAsync("expacl");
        var created = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("exp", null, [new KeyValue("team", "a")], Ct), ws);
        Assert.True(created.IsSuccess, created.Error?.Message);
        await SignInReaderAsync(ws);
        return (ws, created.Value);
    }

    private Task<ExperimentInfo> StoredAsync(string ws, string id) =>
        WithAsync<ExperimentService, ExperimentInfo>(async s => (await s.GetAsync(id, Ct)).Value, ws);

    private IRenderedComponent<ExperimentsPage> OpenList(string ws)
    {
        var page = Render<ExperimentsPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForElement("#experiment-list");
        return page;
    }

    private static IEnumerable<string> Labels(IRenderedComponent<ExperimentsPage> page) =>
        page.FindAll("#experiment-list button").Select(b => b.GetAttribute("aria-label") ?? "");

    /// <summary>
    /// Waits until the row's actions know the caller's permission and have rendered with it: the check runs on the
    /// renderer's dispatcher, after the turn that set the permission and rendered.
    /// </summary>
    private static async Task LoadedAsync(IRenderedComponent<ExperimentActions> actions)
    {
        var field = typeof(ExperimentActions).GetField("_permission", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        actions.WaitForAssertion(() => Assert.True(((Permission)field.GetValue(actions.Instance)!).CanRead));
        await actions.InvokeAsync(() => { });
    }

    [Fact]
    public async Task A_reader_sees_the_list_and_its_tags_without_create_rename_tags_or_delete()
    {
        var (ws, _) = await ArrangeAsync();

        var page = OpenList(ws);
        await LoadedAsync(page.FindComponent<ExperimentActions>());

        Assert.Empty(page.FindAll("#create-experiment"));
        Assert.DoesNotContain(Labels(page), l => l.EndsWith(" exp", StringComparison.Ordinal));
        Assert.Contains("team=a", page.Find("#experiment-list tbody").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("0", page.Find(".experiment-runs").TextContent.Trim()));
    }

    [Fact]
    public async Task Creating_as_a_reader_is_refused_by_the_service_in_the_dialog()
    {
        var (ws, _) = await ArrangeAsync();
        var list = OpenList(ws).FindComponent<ExperimentList>();

        var creating = CallAsync(list, "CreateAsync");
        Dialogs.WaitForElement("#experiment-name").Input("not-allowed");
        await Dialogs.Find("#experiment-submit").ClickAsync(new());

        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find("#experiment-error").TextContent.Trim()));
        var found = await WithAsync<ExperimentService, Result<ExperimentInfo>>(s => s.GetByNameAsync("not-allowed", Ct), ws);
        Assert.False(found.IsSuccess);
        await AnswerAsync("Cancel");
        await creating;
    }

    [Fact]
    public async Task Renaming_as_a_reader_is_refused_by_the_service_in_the_dialog()
    {
        var (ws, id) = await ArrangeAsync();
        var actions = OpenList(ws).FindComponent<ExperimentActions>();

        var renaming = CallAsync(actions, "RenameAsync");
        Dialogs.WaitForElement("#experiment-name").Input("renamed");
        await Dialogs.Find("#experiment-submit").ClickAsync(new());

        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find("#experiment-error").TextContent.Trim()));
        Assert.Equal("exp", (await StoredAsync(ws, id)).Name);
        await AnswerAsync("Cancel");
        await renaming;
    }

    [Fact]
    public async Task Deleting_as_a_reader_is_refused_by_the_service_with_a_message()
    {
        var (ws, id) = await ArrangeAsync();
        var actions = OpenList(ws).FindComponent<ExperimentActions>();

        var deleting = CallAsync(actions, "DeleteAsync");
        await AnswerAsync("Delete");
        await deleting;

        ShowsRefusal();
        Assert.Equal("active", (await StoredAsync(ws, id)).LifecycleStage);
    }

    [Fact]
    public async Task Restoring_as_a_reader_is_not_offered_and_refused_by_the_service_with_a_message()
    {
        var (ws, id) = await ArrangeAsync();
        var deleted = await WithAsync<ExperimentService, Result>(s => s.DeleteAsync(id, Ct), ws);
        Assert.True(deleted.IsSuccess, deleted.Error?.Message);
        Enter(ws);
        var info = await StoredAsync(ws, id);
        var actions = Render<ExperimentActions>(p => p.Add(x => x.Experiment, info));

        Assert.DoesNotContain(actions.FindAll("button"), b => b.GetAttribute("aria-label") == "Restore exp");
        await CallAsync(actions, "RestoreAsync");

        ShowsRefusal();
        Assert.Equal("deleted", (await StoredAsync(ws, id)).LifecycleStage);
    }

    [Fact]
    public async Task The_tags_dialog_offers_no_editing_to_a_reader_and_the_service_refuses_a_change()
    {
        var (ws, id) = await ArrangeAsync();
        Enter(ws);

        // As the row opens it: read-only for a reader.
        var actions = OpenList(ws).FindComponent<ExperimentActions>();
        var viewing = CallAsync(actions, "TagsAsync");
        Dialogs.WaitForElement("#experiment-tags");
        Assert.Empty(Dialogs.FindAll("#tag-add"));
        Assert.Empty(Dialogs.FindAll("button[aria-label='Remove team']"));
        await AnswerAsync("Close");
        await viewing;

        // Rendered with editing on, as a crafted message could: the service decides.
        var dialogs = Services.GetRequiredService<IDialogService>();
        await Dialogs.InvokeAsync(() => dialogs.ShowAsync<ExperimentTagsDialog>("tags",
            new DialogParameters<ExperimentTagsDialog> { { d => d.ExperimentId, id }, { d => d.CanEdit, true } }));
        Dialogs.WaitForElement("#tag-key").Input("owner");
        Dialogs.Find("#tag-value").Input("me");
        await Dialogs.Find("#tag-add").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find("#tag-error").TextContent.Trim()));

        await Dialogs.Find("button[aria-label='Remove team']").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find("#tag-error").TextContent.Trim()));
        Assert.Equal([new KeyValue("team", "a")], (await StoredAsync(ws, id)).Tags);
    }
}
