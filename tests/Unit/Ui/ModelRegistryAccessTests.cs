using Bunit;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.ModelRegistry;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The registry pages with authentication on: they show and offer only what the signed-in user's grants allow.</summary>
public sealed class ModelRegistryAccessTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    // WorkspaceGate asks whether the page is interactive yet; in a circuit it is.
    public ModelRegistryAccessTests(DataFixture<SqliteDb> data)
        : base(data, authEnabled: true) => SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>A workspace with an open model and a secret one the user is explicitly denied.</summary>
    private async Task<string> ArrangeAsync(string workspacePermission)
    {
        var ws = await NewWorkspaceAsync("acl");
        var arrange = new RegistryArrange(Data, ws);
        await arrange.ModelAsync("open-model");
        await arrange.VersionAsync("open-model", "s3://bucket/open/1");
        await arrange.ModelAsync("secret-model");
        await arrange.VersionAsync("secret-model", "s3://bucket/secret/1");
        var user = await NewUserAsync(ws, workspacePermission);
        var denied = await WithAsync<GrantService, Workspaces.Data.Errors.Result<RegisteredModelGrant>>(
            s => s.CreateModelAsync("secret-model", user.Username, Permission.None.Name, Ct), ws);
        Assert.True(denied.IsSuccess, denied.Error?.Message);
        SignIn(user);
        return ws;
    }

    [Fact]
    public async Task A_model_the_user_may_not_read_shows_not_found_and_is_left_out_of_the_list()
    {
        var ws = await ArrangeAsync("READ");

        var detail = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "secret-model"));
        detail.WaitForAssertion(() => Assert.Contains("Model not found", detail.Find("#model-not-found").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(detail.FindAll("#version-list"));

        var version = Render<VersionPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "secret-model").Add(x => x.Version, "1"));
        version.WaitForAssertion(() => Assert.Single(version.FindAll("#version-not-found")), Wait);

        var list = Render<ModelsPage>(p => p.Add(x => x.Ws, ws));
        list.WaitForAssertion(() => Assert.Equal(["open-model"], list.FindAll(".model-name").Select(e => e.TextContent.Trim())), Wait);
    }

    [Fact]
    public async Task A_reader_sees_a_model_without_any_editing_controls()
    {
        var ws = await ArrangeAsync("READ");

        var detail = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "open-model"));
        detail.WaitForAssertion(() => Assert.Equal("Version 1", detail.Find(".version-number").TextContent.Trim()), Wait);
        Assert.Empty(detail.FindAll("#delete-model"));
        Assert.Empty(detail.FindAll("#model-description-edit"));
        Assert.Empty(detail.FindAll("#model-tags-add"));
        Assert.Empty(detail.FindAll("#model-aliases-set"));
        Assert.Empty(detail.FindAll("#transition-1"));

        var list = Render<ModelsPage>(p => p.Add(x => x.Ws, ws));
        list.WaitForAssertion(() => Assert.Single(list.FindAll("#model-list")), Wait);
        Assert.Empty(list.FindAll("#create-model"));
    }

    [Fact]
    public async Task An_editor_may_edit_and_create_but_not_delete()
    {
        var ws = await ArrangeAsync("EDIT");

        var detail = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "open-model"));
        detail.WaitForAssertion(() => Assert.Single(detail.FindAll("#model-tags-add")), Wait);
        Assert.Single(detail.FindAll("#model-description-edit"));
        Assert.Single(detail.FindAll("#transition-1"));
        Assert.Empty(detail.FindAll("#delete-model"));

        var list = Render<ModelsPage>(p => p.Add(x => x.Ws, ws));
        list.WaitForAssertion(() => Assert.Single(list.FindAll("#create-model")), Wait);
    }

    [Fact]
    public async Task A_versions_run_the_user_may_not_read_is_linked_by_a_short_id_without_its_name()
    {
        var ws = await NewWorkspaceAsync("acl");
        var files = new ArtifactArrange(Data, ws);
        var hidden = await files.ExperimentAsync();
        var secretRun = await files.RunAsync(hidden);
        var openRun = await files.RunAsync(await files.ExperimentAsync());
        var arrange = new RegistryArrange(Data, ws);
        await arrange.ModelAsync("linked");
        await arrange.VersionAsync("linked", "s3://bucket/linked/1", runId: secretRun);
        await arrange.VersionAsync("linked", "s3://bucket/linked/2", runId: openRun);
        var user = await NewUserAsync(ws, "READ");
        var denied = await WithAsync<GrantService, Workspaces.Data.Errors.Result<ExperimentGrant>>(
            s => s.CreateExperimentAsync(hidden, user.Username, Permission.None.Name, Ct), ws);
        Assert.True(denied.IsSuccess, denied.Error?.Message);
        SignIn(user);

        var detail = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "linked"));

        detail.WaitForAssertion(() => Assert.Equal(2, detail.FindAll("a.version-run").Count), Wait);
        // Version 2 first: the readable run by its name ("training"), the other by the start of its id only.
        Assert.Equal(["training", secretRun[..8]], detail.FindAll("a.version-run").Select(a => a.TextContent.Trim()));
        Assert.Equal($"/workspaces/{ws}/runs/{secretRun}", detail.FindAll("a.version-run")[1].GetAttribute("href"));
    }
}
