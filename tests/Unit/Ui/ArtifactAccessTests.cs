using Bunit;
using Microsoft.AspNetCore.Components;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;
using Workspaces.Web.Components.Pages.Files;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>With auth on, files follow the run's experiment: a user who may not read the run sees none of them.</summary>
public sealed class ArtifactAccessTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public ArtifactAccessTests(DataFixture<SqliteDb> data)
        : base(data, authEnabled: true) => SetRendererInfo(new RendererInfo("Server", true));

    /// <summary>A workspace the user may read, with a run and a logged model in an experiment they are explicitly denied.</summary>
    private async Task<(string Ws, string RunId, string ModelId, Principal User)> ArrangeAsync(bool denyExperiment)
    {
        var ws = await NewWorkspaceAsync("secret");
        var arrange = new ArtifactArrange(Data, ws);
        var experiment = await arrange.ExperimentAsync();
        var run = await arrange.RunAsync(experiment);
        var model = await arrange.LoggedModelAsync(experiment, run, "classifier");
        await arrange.RunFileAsync(run, "secret.txt", "do not show");
        await arrange.ModelFileAsync(model, "MLmodel", "flavors: {}");
        var user = await NewUserAsync(ws, "READ");
        if (denyExperiment)
        {
            var denied = await WithAsync<GrantService, Workspaces.Data.Errors.Result<ExperimentGrant>>(
                s => s.CreateExperimentAsync(experiment, user.Username, Permission.None.Name, Ct), ws);
            Assert.True(denied.IsSuccess, denied.Error?.Message);
        }
        SignIn(user);
        Enter(ws);
        return (ws, run, model, user);
    }

    [Fact]
    public async Task A_user_denied_the_experiment_sees_neither_the_run_the_model_nor_their_files()
    {
        var (ws, run, model, _) = await ArrangeAsync(denyExperiment: true);

        var runPage = Render<RunDetailsPage>(p => p.Add(x => x.Ws, ws).Add(x => x.RunId, run));
        runPage.WaitForElement("#run-missing", Wait);
        Assert.Empty(runPage.FindAll(".mud-tab"));

        var modelPage = Render<LoggedModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ModelId, model));
        modelPage.WaitForElement("#logged-model-missing", Wait);

        // The browser checks by itself too, wherever it is placed.
        foreach (var owner in new[] { ArtifactOwner.Run(ws, run), ArtifactOwner.LoggedModel(ws, model) })
        {
            var browser = Render<ArtifactBrowser>(p => p.Add(x => x.Owner, owner));
            browser.WaitForElement("#artifact-hidden", Wait);
            Assert.Empty(browser.FindAll(".artifact-node"));
            Assert.DoesNotContain("secret.txt", browser.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_reader_of_the_workspace_sees_the_files()
    {
        var (ws, run, model, _) = await ArrangeAsync(denyExperiment: false);

        var browser = Render<ArtifactBrowser>(p => p.Add(x => x.Owner, ArtifactOwner.Run(ws, run)));
        browser.WaitForAssertion(() => Assert.Equal(["secret.txt"], browser.FindAll(".artifact-node").Select(n => n.GetAttribute("data-path"))), Wait);
        var models = Render<ArtifactBrowser>(p => p.Add(x => x.Owner, ArtifactOwner.LoggedModel(ws, model)));
        models.WaitForAssertion(() => Assert.Equal(["MLmodel"], models.FindAll(".artifact-node").Select(n => n.GetAttribute("data-path"))), Wait);
    }
}
