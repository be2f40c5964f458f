using Bunit;
using MudBlazor;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.ModelRegistry;

namespace Workspaces.Tests.Unit.Ui;

public sealed class PromptPageTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    // WorkspaceGate asks whether the page is interactive yet; in a circuit it is.
    public PromptPageTests(DataFixture<SqliteDb> data)
        : base(data) => SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

    private const string V1 = "You are helpful.\nAnswer: {{question}}";
    private const string V2 = "You are helpful.\nAnswer briefly: {{question}}\nCite sources.";
    private const string V3 = "You are terse.\nAnswer briefly: {{question}}\nCite sources.";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static List<string> Lines(IRenderedComponent<PromptPage> page, string css) =>
        page.FindAll($"#prompt-diff .{css}").Select(e => e.TextContent[2..]).ToList();

    [Fact]
    public async Task The_prompt_list_shows_prompts_with_their_latest_version_and_not_models()
    {
        var ws = await NewWorkspaceAsync("prompts");
        var arrange = new RegistryArrange(Data, ws);
        await arrange.ModelAsync("plain-model");
        await arrange.PromptAsync("summarize", "Summarize {{text}}");
        await arrange.PromptAsync("qa", V1, V2);

        var page = Render<PromptsPage>(p => p.Add(x => x.Ws, ws));

        page.WaitForAssertion(() => Assert.Equal(["qa", "summarize"], page.FindAll(".prompt-name").Select(e => e.TextContent.Trim())), Wait);
        var qa = page.Find("#prompt-list tbody tr").TextContent;
        Assert.Contains("v2", qa, StringComparison.Ordinal);
        Assert.Contains("commit 2", qa, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-model", page.Markup, StringComparison.Ordinal);
        Assert.Equal($"/workspaces/{ws}/prompts/qa", page.Find(".prompt-name a").GetAttribute("href"));
    }

    [Fact]
    public async Task The_prompt_page_shows_each_template_and_diffs_two_chosen_versions()
    {
        var ws = await NewWorkspaceAsync("prompts");
        await new RegistryArrange(Data, ws).PromptAsync("qa", V1, V2, V3);

        var page = Render<PromptPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, "qa"));

        page.WaitForAssertion(() => Assert.Equal(V1, page.Find("#prompt-template-1").TextContent), Wait);
        Assert.Equal(V3, page.Find("#prompt-template-3").TextContent);
        Assert.Contains("commit 3", page.Find("#prompt-version-3").TextContent, StringComparison.Ordinal);

        // By default the newest change: v2 → v3.
        Assert.Equal(["You are helpful."], Lines(page, "diff-removed"));
        Assert.Equal(["You are terse."], Lines(page, "diff-added"));
        Assert.Equal(4, page.FindAll("#prompt-diff .diff-line").Count);

        var selects = page.FindComponent<PromptDiffView>().FindComponents<MudSelect<int>>();
        await page.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(1));

        page.WaitForAssertion(() => Assert.Equal(["You are helpful.", "Answer: {{question}}"], Lines(page, "diff-removed")), Wait);
        Assert.Equal(["You are terse.", "Answer briefly: {{question}}", "Cite sources."], Lines(page, "diff-added"));
        Assert.Contains("v1 → v3: 3 line(s) added, 2 removed", page.Find("#prompt-diff-summary").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_model_or_missing_name_is_not_a_prompt()
    {
        var ws = await NewWorkspaceAsync("prompts");
        await new RegistryArrange(Data, ws).ModelAsync("plain-model");

        foreach (var name in new[] { "plain-model", "missing" })
        {
            var page = Render<PromptPage>(p => p.Add(x => x.Ws, ws).Add(x => x.Name, name));
            page.WaitForAssertion(() => Assert.Contains("Prompt not found", page.Find("#prompt-not-found").TextContent, StringComparison.Ordinal), Wait);
        }
    }
}
