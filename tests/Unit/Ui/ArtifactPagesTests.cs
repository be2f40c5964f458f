using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Registry;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;
using Workspaces.Web.Components.Pages.ModelRegistry;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>Where the browser lives: the run page's Artifacts tab and the logged-model page, and the links between them.</summary>
public sealed class ArtifactPagesTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public ArtifactPagesTests(DataFixture<SqliteDb> data)
        : base(data) => SetRendererInfo(new RendererInfo("Server", true)); // WorkspaceGate remembers the workspace only in a live circuit

    private static async Task ClickTabAsync<T>(IRenderedComponent<T> cut, string title)
        where T : IComponent
    {
        var tab = cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == title);
        await tab.ClickAsync(new());
    }

    [Fact]
    public async Task The_run_page_has_an_artifacts_tab_and_links_the_models_the_run_logged()
    {
        var ws = await NewWorkspaceAsync("runfiles");
        var arrange = new ArtifactArrange(Data, ws);
        var experiment = await arrange.ExperimentAsync();
        var run = await arrange.RunAsync(experiment);
        var model = await arrange.LoggedModelAsync(experiment, run, "classifier");
        await arrange.RunFileAsync(run, "report.md", "# Report");

        var page = Render<RunDetailsPage>(p => p.Add(x => x.Ws, ws).Add(x => x.RunId, run));
        page.WaitForElement("#run-title", Wait);
        var link = page.Find("#run-logged-models .logged-model-link");
        Assert.Equal($"/workspaces/{ws}/logged-models/{model}", link.GetAttribute("href"));
        Assert.Empty(page.FindAll("#artifact-browser")); // panels load when visited

        await ClickTabAsync(page, "Artifacts");
        await page.WaitForElement(".artifact-node[data-path='report.md'] .artifact-name", Wait).ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("# Report", page.Find("#artifact-text").TextContent), Wait);
        Assert.Equal($"/ui/workspaces/{ws}/runs/{run}/artifacts?path=report.md", page.Find("#artifact-download").GetAttribute("href"));
    }

    [Fact]
    public async Task The_logged_model_page_shows_the_model_its_links_and_its_own_files()
    {
        var ws = await NewWorkspaceAsync("modelfiles");
        var arrange = new ArtifactArrange(Data, ws);
        var experiment = await arrange.ExperimentAsync();
        var run = await arrange.RunAsync(experiment);
        var model = await arrange.LoggedModelAsync(experiment, run, "classifier");
        await arrange.ModelFileAsync(model, "MLmodel", "flavors:\n  sklearn: {}\n");
        await arrange.RunFileAsync(run, "run-only.txt", "not the model's");

        var page = Render<LoggedModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ModelId, model));
        page.WaitForAssertion(() => Assert.Equal("classifier", page.Find("#logged-model-title").TextContent.Trim()), Wait);
        Assert.Equal("PENDING", page.Find("#logged-model-status").TextContent.Trim());
        Assert.Equal($"/workspaces/{ws}/runs/{run}", page.Find("#logged-model-run").GetAttribute("href"));
        Assert.Equal($"/workspaces/{ws}/experiments/{experiment}", page.Find("#logged-model-experiment").GetAttribute("href"));

        await ClickTabAsync(page, "Artifacts");
        page.WaitForAssertion(() => Assert.Equal(["MLmodel"], page.FindAll(".artifact-node").Select(n => n.GetAttribute("data-path"))), Wait);
        await page.Find(".artifact-node[data-path='MLmodel'] .artifact-name").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("flavors:\n  sklearn: {}\n", page.Find("#artifact-text").TextContent), Wait);
        Assert.Equal($"/ui/workspaces/{ws}/logged-models/{model}/artifacts?path=MLmodel", page.Find("#artifact-download").GetAttribute("href"));

        await ClickTabAsync(page, "Parameters (1)");
        page.WaitForAssertion(() => Assert.Contains("alpha", page.Find("#logged-model-params").TextContent, StringComparison.Ordinal), Wait);
        await ClickTabAsync(page, "Tags (1)");
        page.WaitForAssertion(() => Assert.Contains("stage", page.Find("#logged-model-tags").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task A_model_version_links_to_its_logged_model_and_an_unknown_model_is_not_found()
    {
        var ws = await NewWorkspaceAsync("versionlink");
        var arrange = new ArtifactArrange(Data, ws);
        var experiment = await arrange.ExperimentAsync();
        var model = await arrange.LoggedModelAsync(experiment, await arrange.RunAsync(experiment), "classifier");
        var registry = new RegistryArrange(Data, ws);
        await registry.ModelAsync("prod-model");
        await using (var scope = Data.Scope(ws))
        {
            var created = await scope.ServiceProvider.GetRequiredService<ModelVersionService>()
                .CreateAsync(new CreateModelVersionRequest("prod-model", $"models:/{model}", null, [], null, null, model), Ct);
            Assert.True(created.IsSuccess, created.Error?.Message);
        }

        var version = Render<VersionPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "prod-model").Add(x => x.Version, "1"));
        version.WaitForAssertion(() => Assert.Equal($"/workspaces/{ws}/logged-models/{model}", version.Find("#version-logged-model").GetAttribute("href")), Wait);

        var missing = Render<LoggedModelPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ModelId, "m-00000000000000000000000000000000"));
        missing.WaitForElement("#logged-model-missing", Wait);
    }
}
