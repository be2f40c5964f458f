using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.ModelRegistry;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// Models, versions and prompts for a restricted user with READ: the list, model, version and prompt pages and their
/// editors show no write control, and every handler reached anyway goes to the registry services, whose refusal the
/// page shows (snackbar on the pages, inline alert in the dialogs).
/// </summary>
public sealed class RegistryWriteAccessTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    /// <summary>Model <c>m</c> (tag team=a, version 1 aliased champion) and prompt <c>p</c>, and a reader signed in.</summary>
    private async Task<string> ArrangeAsync()
    {
        var ws = await NewWorkspaceAsync("regacl");
        var arrange = new RegistryArrange(Data, ws);
        await arrange.ModelAsync("m", "first words", new KeyValue("team", "a"));
        await arrange.VersionAsync("m", "s3://bucket/m/1", tags: new KeyValue("stage", "x"));
        var alias = await WithAsync<RegisteredModelService, Result>(s => s.SetAliasAsync("m", "champion", "1", Ct), ws);
        Assert.True(alias.IsSuccess, alias.Error?.Message);
        await arrange.PromptAsync("p", "Hello {{name}}");
        await SignInReaderAsync(ws);
        return ws;
    }

    private Task<RegisteredModelDto> ModelAsync(string ws, string name) =>
        WithAsync<RegisteredModelService, RegisteredModelDto>(async s => (await s.GetAsync(name, Ct)).Value, ws);

    private Task<ModelVersionDto> VersionAsync(string ws) =>
        WithAsync<ModelVersionService, ModelVersionDto>(async s => (await s.GetAsync("m", "1", Ct)).Value, ws);

    private IRenderedComponent<ModelPage> OpenModel(string ws)
    {
        var page = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "m"));
        page.WaitForElement("#model-title");
        return page;
    }

    [Fact]
    public async Task A_reader_sees_no_write_control_on_the_model_list_a_model_a_version_or_a_prompt()
    {
        var ws = await ArrangeAsync();

        var list = Render<ModelsPage>(p => p.Add(x => x.Ws, ws));
        list.WaitForElement("#model-list");
        Assert.Empty(list.FindAll("#create-model"));

        var model = OpenModel(ws);
        model.WaitForElement("#version-list");
        foreach (var id in new[] { "#delete-model", "#model-description-edit", "#model-tags-add", "#model-aliases-set", "#transition-1" })
            Assert.Empty(model.FindAll(id));
        Assert.Empty(model.FindAll("#model-tags .mud-chip-close-button, #model-aliases .mud-chip-close-button"));

        var version = Render<VersionPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "m").Add(x => x.Version, "1"));
        version.WaitForElement("#version-title");
        foreach (var id in new[] { "#version-transition", "#version-description-edit", "#version-tags-add" })
            Assert.Empty(version.FindAll(id));
        Assert.Empty(version.FindAll("#version-tags .mud-chip-close-button"));

        var prompt = Render<PromptPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "p"));
        prompt.WaitForElement("#prompt-title");
        foreach (var id in new[] { "#prompt-description-edit", "#prompt-tags-add", "#prompt-aliases-set" })
            Assert.Empty(prompt.FindAll(id));
    }

    [Fact]
    public async Task The_model_editors_reached_anyway_are_refused_by_the_service_with_a_message_each()
    {
        var ws = await ArrangeAsync();
        var editors = OpenModel(ws).FindComponent<ModelEditors>();

        await CallAsync(editors, "SaveDescriptionAsync", "changed");
        Refused(1);
        await CallAsync(editors, "SetTagAsync", "owner", "me");
        Refused(2);
        await CallAsync(editors, "RemoveTagAsync", "team");
        Refused(3);
        await CallAsync(editors, "SetAliasAsync", "other", 1);
        Refused(4);
        await CallAsync(editors, "RemoveAliasAsync", "champion");
        Refused(5);

        var stored = await ModelAsync(ws, "m");
        Assert.Equal("first words", stored.Description);
        Assert.Equal([new KeyValue("team", "a")], stored.Tags);
        Assert.Equal(["champion"], stored.Aliases.Select(a => a.Alias));
    }

    [Fact]
    public async Task A_prompt_s_editors_reached_anyway_are_refused_by_the_service_with_a_message()
    {
        var ws = await ArrangeAsync();
        var page = Render<PromptPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "p"));
        page.WaitForElement("#prompt-title");

        await CallAsync(page.FindComponent<ModelEditors>(), "SetTagAsync", "owner", "me");

        Refused(1);
        Assert.DoesNotContain(new KeyValue("owner", "me"), (await ModelAsync(ws, "p")).Tags);
    }

    [Fact]
    public async Task A_version_s_editors_and_stage_dialog_reached_anyway_are_refused_by_the_service()
    {
        var ws = await ArrangeAsync();
        var page = Render<VersionPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "m").Add(x => x.Version, "1"));
        page.WaitForElement("#version-title");
        var view = page.FindComponent<ModelVersionView>();

        await CallAsync(view, "SaveDescriptionAsync", "changed");
        Refused(1);
        await CallAsync(view, "SetTagAsync", "owner", "me");
        Refused(2);
        await CallAsync(view, "RemoveTagAsync", "stage");
        Refused(3);

        var transition = CallAsync(view, "TransitionAsync");
        Dialogs.WaitForElement("#stage-submit");
        var dialog = Dialogs.FindComponent<TransitionStageDialog>();
        SetField(dialog, "_stage", "Production");
        await CallAsync(dialog, "SubmitAsync");
        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find("#stage-error").TextContent.Trim()));
        await AnswerAsync("Cancel");
        await transition;

        var stored = await VersionAsync(ws);
        Assert.Equal("None", stored.CurrentStage);
        Assert.Null(stored.Description);
        Assert.Equal([new KeyValue("stage", "x")], stored.Tags);
    }

    [Fact]
    public async Task Creating_and_deleting_a_model_reached_anyway_are_refused_by_the_service_in_theDialogs()
    {
        var ws = await ArrangeAsync();
        var list = Render<ModelsPage>(p => p.Add(x => x.Ws, ws));
        list.WaitForElement("#model-list");

        var creating = CallAsync(list.FindComponent<ModelList>(), "CreateAsync");
        Dialogs.WaitForElement("#model-name-input").Input("not-allowed");
        await Dialogs.Find("#model-create-submit").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find("#model-create-error").TextContent.Trim()));
        await AnswerAsync("Cancel");
        await creating;
        Assert.False((await WithAsync<RegisteredModelService, Result<RegisteredModelDto>>(s => s.GetAsync("not-allowed", Ct), ws)).IsSuccess);

        var deleting = CallAsync(OpenModel(ws).FindComponent<ModelDetail>(), "DeleteAsync");
        Dialogs.WaitForElement("#delete-model-confirm").Input("m");
        await Dialogs.Find("#delete-model-submit").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Equal(Authorizer.ForbiddenMessage, Dialogs.Find("#delete-model-error").TextContent.Trim()));
        await AnswerAsync("Cancel");
        await deleting;
        Assert.Equal("m", (await ModelAsync(ws, "m")).Name);
    }
}
