using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Common;
using Workspaces.Data.Registry;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.ModelRegistry;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The registry pages with authentication off: everything is readable and editable.</summary>
public sealed class ModelRegistryPageTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    // WorkspaceGate asks whether the page is interactive yet; in a circuit it is.
    public ModelRegistryPageTests(DataFixture<SqliteDb> data)
        : base(data) => SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static List<string> Texts<T>(IRenderedComponent<T> page, string selector)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll(selector).Select(e => e.TextContent.Trim()).ToList();

    private async Task<T> InAsync<T>(string ws, Func<RegisteredModelService, Task<T>> action) => await WithAsync(action, ws);

    [Fact]
    public async Task The_model_list_shows_models_with_versions_aliases_and_tags_but_not_prompts()
    {
        var ws = await NewWorkspaceAsync("models");
        var arrange = new RegistryArrange(Data, ws);
        await arrange.ModelAsync("churn", "Predicts churn", new KeyValue("team", "growth"));
        await arrange.VersionAsync("churn", "s3://bucket/churn/1");
        await arrange.VersionAsync("churn", "s3://bucket/churn/2");
        await InAsync(ws, s => s.SetAliasAsync("churn", "champion", "1", Ct));
        await arrange.PromptAsync("qa-prompt", "Answer {{question}}");

        var page = Render<ModelsPage>(p => p.Add(x => x.Ws, ws));

        page.WaitForAssertion(() => Assert.Equal(["churn"], Texts(page, ".model-name")), Wait);
        var row = page.Find("#model-list tbody tr").TextContent;
        Assert.Contains("v2 · None", row, StringComparison.Ordinal);
        Assert.Contains("champion → v1", row, StringComparison.Ordinal);
        Assert.Contains("team=growth", row, StringComparison.Ordinal);
        Assert.DoesNotContain("qa-prompt", page.Markup, StringComparison.Ordinal);
        Assert.Equal($"/workspaces/{ws}/models/churn", page.Find(".model-name a").GetAttribute("href"));
        Assert.Single(page.FindAll("#create-model"));
    }

    [Fact]
    public async Task An_empty_workspace_says_how_to_register_a_model()
    {
        var ws = await NewWorkspaceAsync("models");
        var page = Render<ModelsPage>(p => p.Add(x => x.Ws, ws));
        page.WaitForAssertion(() => Assert.Contains("mlflow.register_model", page.Find("#model-empty").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task The_list_pages_with_tokens_and_searches_names_ignoring_case()
    {
        var ws = await NewWorkspaceAsync("models");
        var arrange = new RegistryArrange(Data, ws);
        foreach (var name in new[] { "alpha", "beta", "delta", "gamma" })
            await arrange.ModelAsync(name);

        var page = Render<WorkspaceGate>(p => p.Add(g => g.Workspace, ws).AddChildContent<ModelList>(c => c.Add(l => l.PageSize, 2)));

        page.WaitForAssertion(() => Assert.Equal(["alpha", "beta"], Texts(page, ".model-name")), Wait);
        Assert.True(page.Find("#models-previous").HasAttribute("disabled"));
        await page.Find("#models-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["delta", "gamma"], Texts(page, ".model-name")), Wait);
        Assert.True(page.Find("#models-next").HasAttribute("disabled"));
        await page.Find("#models-previous").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["alpha", "beta"], Texts(page, ".model-name")), Wait);

        page.Find("#model-search").Input("ELT");
        page.WaitForAssertion(() => Assert.Equal(["delta"], Texts(page, ".model-name")), Wait);
        page.Find("#model-search").Input("nothing-like-it");
        page.WaitForAssertion(() => Assert.Contains("No model name contains 'nothing-like-it'", page.Find("#model-empty").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task The_detail_page_lists_versions_with_stage_aliases_and_run_links()
    {
        var ws = await NewWorkspaceAsync("models");
        var arrange = new RegistryArrange(Data, ws);
        await arrange.ModelAsync("fraud", "Flags fraud");
        var files = new ArtifactArrange(Data, ws);
        var run = await files.RunAsync(await files.ExperimentAsync());
        await arrange.VersionAsync("fraud", "s3://bucket/fraud/1", runId: run);
        await arrange.VersionAsync("fraud", "s3://bucket/fraud/2");
        await WithAsync<ModelVersionService, Workspaces.Data.Errors.Result<ModelVersionDto>>(s => s.TransitionAsync("fraud", "1", "production", false, Ct), ws);
        await InAsync(ws, s => s.SetAliasAsync("fraud", "champion", "1", Ct));

        var page = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "fraud"));

        page.WaitForAssertion(() => Assert.Equal(["Version 2", "Version 1"], Texts(page, ".version-number")), Wait);
        Assert.Equal("fraud", page.Find("#model-title").TextContent.Trim());
        Assert.Equal("Flags fraud", page.Find("#model-description-text").TextContent.Trim());
        Assert.Equal(["None", "Production"], Texts(page, ".version-stage"));
        var runLink = Assert.Single(page.FindAll("a.version-run"));
        Assert.Equal($"/workspaces/{ws}/runs/{run}", runLink.GetAttribute("href"));
        Assert.Equal("training", runLink.TextContent.Trim()); // the run's name, its id in the title
        Assert.Equal(run, runLink.GetAttribute("title"));
        Assert.Contains("champion", page.Find("#version-list tbody tr:last-child").TextContent, StringComparison.Ordinal);
        Assert.Contains("champion → v1", page.Find("#model-aliases").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("#delete-model"));
        Assert.Single(page.FindAll("#transition-1"));
    }

    [Fact]
    public async Task Tags_and_the_description_are_edited_in_place()
    {
        var ws = await NewWorkspaceAsync("models");
        await new RegistryArrange(Data, ws).ModelAsync("editable");
        var page = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "editable"));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#model-tags-add")), Wait);

        page.Find("#model-tags-key").Input("owner");
        page.Find("#model-tags-value").Input("ml-team");
        await page.Find("#model-tags-add").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("owner = ml-team", page.Find("#model-tags").TextContent, StringComparison.Ordinal), Wait);

        await page.Find("#model-description-edit").ClickAsync(new());
        page.Find("#model-description-input").Input("Scores leads");
        await page.Find("#model-description-save").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Scores leads", page.Find("#model-description-text").TextContent.Trim()), Wait);

        var stored = await InAsync(ws, s => s.GetAsync("editable", Ct));
        Assert.Equal("Scores leads", stored.Value.Description);
        Assert.Equal([new KeyValue("owner", "ml-team")], stored.Value.Tags);
    }

    [Fact]
    public async Task Deleting_asks_for_the_typed_name()
    {
        var ws = await NewWorkspaceAsync("models");
        await new RegistryArrange(Data, ws).ModelAsync("doomed");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "doomed"));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#delete-model")), Wait);

        // The click's handler waits for the dialog to close.
        var clicking = page.Find("#delete-model").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.True(dialogs.Find("#delete-model-submit").HasAttribute("disabled")), Wait);
        dialogs.Find("#delete-model-confirm").Input("doomed");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("#delete-model-submit").HasAttribute("disabled")), Wait);
        await dialogs.Find("#delete-model-submit").ClickAsync(new());

        await clicking;
        Assert.False((await InAsync(ws, s => s.GetAsync("doomed", Ct))).IsSuccess);
        Assert.EndsWith($"/workspaces/{ws}/models", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", null)]
    [InlineData("fraud", "7")]
    [InlineData("fraud", "seven")]
    public async Task A_missing_model_or_version_shows_not_found(string name, string? version)
    {
        var ws = await NewWorkspaceAsync("models");
        await new RegistryArrange(Data, ws).ModelAsync("fraud");
        if (version is null)
        {
            var page = Render<ModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, name));
            page.WaitForAssertion(() => Assert.Contains("Model not found", page.Find("#model-not-found").TextContent, StringComparison.Ordinal), Wait);
        }
        else
        {
            var page = Render<VersionPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, name).Add(x => x.Version, version));
            page.WaitForAssertion(() => Assert.Contains("Model version not found", page.Find("#version-not-found").TextContent, StringComparison.Ordinal), Wait);
        }
    }

    [Fact]
    public async Task The_version_page_shows_stage_source_run_aliases_and_tags()
    {
        var ws = await NewWorkspaceAsync("models");
        var arrange = new RegistryArrange(Data, ws);
        await arrange.ModelAsync("ranker");
        var files = new ArtifactArrange(Data, ws);
        var run = await files.RunAsync(await files.ExperimentAsync());
        await arrange.VersionAsync("ranker", "s3://bucket/ranker/1", runId: run, description: "First cut", tags: new KeyValue("validated", "yes"));
        await WithAsync<ModelVersionService, Workspaces.Data.Errors.Result<ModelVersionDto>>(s => s.TransitionAsync("ranker", "1", "Staging", false, Ct), ws);
        await InAsync(ws, s => s.SetAliasAsync("ranker", "candidate", "1", Ct));

        var page = Render<VersionPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "ranker").Add(x => x.Version, "1"));

        page.WaitForAssertion(() => Assert.Equal("Staging", page.Find("#version-stage").TextContent.Trim()), Wait);
        Assert.Equal("READY", page.Find("#version-status").TextContent.Trim());
        Assert.Equal("s3://bucket/ranker/1", page.Find("#version-source").TextContent.Trim());
        Assert.Equal($"/workspaces/{ws}/runs/{run}", page.Find("#version-run a").GetAttribute("href"));
        Assert.Contains("candidate", page.Find("#version-aliases").TextContent, StringComparison.Ordinal);
        Assert.Equal("First cut", page.Find("#version-description-text").TextContent.Trim());
        Assert.Contains("validated = yes", page.Find("#version-tags").TextContent, StringComparison.Ordinal);
    }
}
