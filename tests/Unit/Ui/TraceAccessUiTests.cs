using Bunit;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Experiments;
using Workspaces.Web.Components.Pages.Traces;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The traces pages for a restricted user with READ: they read, show no write control, and a write reached anyway is
/// refused by the service. The run page links its traces.
/// </summary>
public sealed class TraceAccessUiTests(DataFixture<SqliteDb> data) : RestrictedPageTests(data)
{
    private async Task<(string Ws, string ExperimentId, string RunId, string TraceId)> ArrangeAsync()
    {
        var ws = await NewWorkspaceAsync("traceacl");
        var experiment = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("agent", null, [], Ct), ws);
        TraceUiArrange.Ok(experiment);
        var run = await WithAsync<RunService, Result<RunDto>>(s => s.CreateAsync(new CreateRunRequest(experiment.Value, "someone", "run-1", null, []), Ct), ws);
        TraceUiArrange.Ok(run);
        var ids = TraceUiArrange.NewIds();
        TraceUiArrange.Ok(await WithAsync<SpanIngestService, Result<int>>(
            s => s.LogSpansAsync(experiment.Value, run.Value.Info.RunId, TraceUiArrange.Spans(ids), Ct), ws));
        var traceId = TraceKeys.IdPrefix + ids.TraceId;
        TraceUiArrange.Ok(await WithAsync<AssessmentService, Result<AssessmentDto>>(
            s => s.CreateAsync(traceId, TraceUiArrange.Feedback("correctness", "true"), Ct), ws));
        var tagged = await WithAsync<TraceService, Result>(s => s.SetTagAsync(traceId, "env", "prod", Ct), ws);
        Assert.True(tagged.IsSuccess, tagged.Error?.Message);
        return (ws, experiment.Value, run.Value.Info.RunId, traceId);
    }

    [Fact]
    public async Task A_reader_sees_traces_and_assessments_without_add_override_delete_or_tag_controls()
    {
        var (ws, experimentId, _, traceId) = await ArrangeAsync();
        await SignInReaderAsync(ws);

        var table = Render<TracesPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, experimentId));
        table.WaitForElement($"tr.trace-row[data-trace='{traceId}']");

        var page = Render<TraceDetailPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, experimentId).Add(x => x.TraceId, traceId));
        page.WaitForElement("tr.assessment-row[data-name='correctness']");
        page.WaitForElement("tr.trace-tag[data-key='env']");
        Assert.Empty(page.FindAll("#assessment-form"));
        Assert.Empty(page.FindAll(".override-assessment"));
        Assert.Empty(page.FindAll(".delete-assessment"));
        Assert.Empty(page.FindAll("#set-tag"));
        Assert.Empty(page.FindAll(".delete-tag"));

        // A crafted call still reaches the service, which refuses it.
        var pane = page.FindComponent<AssessmentsPane>();
        SetField(pane, "_name", "sneaky");
        SetField(pane, "_value", "1");
        await CallAsync(pane, "SaveAsync");
        ShowsRefusal();
        var info = await WithAsync<TraceService, Result<TraceInfoDto>>(s => s.GetInfoAsync(traceId, Ct), ws);
        Assert.Single(info.Value.Assessments);
    }

    [Fact]
    public async Task The_run_page_links_its_traces_with_their_count()
    {
        var (ws, experimentId, runId, _) = await ArrangeAsync();

        var page = Render<RunDetailsPage>(p => p.Add(x => x.Ws, ws).Add(x => x.RunId, runId));

        var link = page.WaitForElement("#run-traces-link");
        Assert.Contains("1 trace", link.TextContent, StringComparison.Ordinal);
        Assert.Equal(TracesUrlState.Url(ws, experimentId, $"run_id = '{runId}'"), link.GetAttribute("href"));
    }
}
