using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The experiment list with authentication off: each row sums up its experiment's active runs (issue 17).</summary>
public sealed class ExperimentListTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    public ExperimentListTests(DataFixture<SqliteDb> data)
        : base(data)
    {
        SetRendererInfo(new RendererInfo("Server", true)); // the page sits behind WorkspaceGate
        Render<MudPopoverProvider>();
    }

    private async Task<string> ExperimentAsync(string ws, string name)
    {
        var created = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync(name, null, [], Ct), ws);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    private async Task<string> RunAsync(string ws, string experimentId, long startTime)
    {
        var run = await WithAsync<RunService, Result<RunDto>>(s => s.CreateAsync(new CreateRunRequest(experimentId, "alice", null, startTime, []), Ct), ws);
        Assert.True(run.IsSuccess, run.Error?.Message);
        return run.Value.Info.RunId;
    }

    private static IElement Row(IRenderedComponent<ExperimentsPage> page, string name) =>
        page.FindAll("#experiment-list tbody tr").Single(r => r.QuerySelector(".experiment-name")?.TextContent.Trim() == name);

    [Fact]
    public async Task Rows_show_the_active_run_count_and_how_long_ago_the_last_run_started()
    {
        var ws = await NewWorkspaceAsync("explist");
        var busy = await ExperimentAsync(ws, "busy");
        await ExperimentAsync(ws, "quiet");
        var now = DateTimeOffset.UtcNow;
        await RunAsync(ws, busy, now.AddHours(-5).ToUnixTimeMilliseconds());
        var last = now.AddMinutes(-3.5).ToUnixTimeMilliseconds();
        await RunAsync(ws, busy, last);
        var deleted = await RunAsync(ws, busy, now.ToUnixTimeMilliseconds());
        Assert.True((await WithAsync<RunService, Result>(s => s.DeleteAsync(deleted, Ct), ws)).IsSuccess);

        var page = Render<ExperimentsPage>(p => p.Add(x => x.Ws, ws));

        page.WaitForAssertion(() => Assert.Equal("2", Row(page, "busy").QuerySelector(".experiment-runs")!.TextContent.Trim()));
        var lastRun = Row(page, "busy").QuerySelector(".experiment-last-run")!;
        Assert.Equal("3 minutes ago", lastRun.TextContent.Trim());
        Assert.Equal(Workspaces.Web.Components.Shell.Formats.Time(last), lastRun.GetAttribute("title"));
        Assert.Equal("0", Row(page, "quiet").QuerySelector(".experiment-runs")!.TextContent.Trim());
        Assert.Equal("", Row(page, "quiet").QuerySelector(".experiment-last-run")!.TextContent.Trim());
        Assert.Contains(page.FindAll("#experiment-list th"), h => h.TextContent.Trim() == "Last run");
    }

    [Fact]
    public async Task Without_authentication_every_row_offers_rename_tags_and_delete()
    {
        var ws = await NewWorkspaceAsync("explist");
        await ExperimentAsync(ws, "mine");

        var page = Render<ExperimentsPage>(p => p.Add(x => x.Ws, ws));

        page.WaitForAssertion(() => Assert.Equal(["Rename mine", "Tags of mine", "Delete mine"],
            page.FindAll("#experiment-list button[aria-label$=' mine']").Select(b => b.GetAttribute("aria-label"))));
    }
}
