using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Components.Pages.Traces;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// The traces tab and the trace page (issue 19 §4) on traces stored as OTLP spans: previews, state, tokens, session, user
/// and assessment columns; the filter from the URL and a bad filter; the span tree, timeline, chat and exception; feedback.
/// </summary>
public sealed class TracesUiTests : UiTestContext, IClassFixture<DataFixture<SqliteDb>>
{
    public TracesUiTests(DataFixture<SqliteDb> data)
        : base(data)
    {
        SetRendererInfo(new RendererInfo("Server", true)); // the pages sit behind WorkspaceGate
        RenderProviders();
        Render<MudSnackbarProvider>();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private async Task<(string Ws, string ExperimentId)> ExperimentAsync()
    {
        var ws = await NewWorkspaceAsync("traces");
        var created = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("agent", null, [], Ct), ws);
        TraceUiArrange.Ok(created);
        return (ws, created.Value);
    }

    private async Task<TraceUiArrange.Ids> TraceAsync(string ws, string experimentId, string session = "sess-1")
    {
        var ids = TraceUiArrange.NewIds();
        var stored = await WithAsync<SpanIngestService, Result<int>>(s => s.LogSpansAsync(experimentId, null, TraceUiArrange.Spans(ids, session), Ct), ws);
        TraceUiArrange.Ok(stored);
        return ids with { TraceId = TraceKeys.IdPrefix + ids.TraceId };
    }

    private IRenderedComponent<TracesPage> OpenTable(string ws, string experimentId, string query = "")
    {
        Navigation.NavigateTo($"/workspaces/{ws}/experiments/{experimentId}/traces{query}");
        var page = Render<TracesPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, experimentId));
        page.WaitForElement("#experiment-title");
        return page;
    }

    private IRenderedComponent<TraceDetailPage> OpenTrace(string ws, string experimentId, string traceId)
    {
        Navigation.NavigateTo($"/workspaces/{ws}/experiments/{experimentId}/traces/{traceId}");
        return Render<TraceDetailPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, experimentId).Add(x => x.TraceId, traceId));
    }

    private static string Cell(IRenderedComponent<TracesPage> page, string traceId, string column) =>
        page.Find($"tr.trace-row[data-trace='{traceId}'] td[data-column='{column}']").TextContent.Trim();

    [Fact]
    public async Task The_table_shows_previews_state_tokens_session_user_and_one_column_per_assessment()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var ids = await TraceAsync(ws, experimentId);
        TraceUiArrange.Ok(await WithAsync<AssessmentService, Result<AssessmentDto>>(
            s => s.CreateAsync(ids.TraceId, TraceUiArrange.Feedback("correctness", "\"yes\""), Ct), ws));

        var page = OpenTable(ws, experimentId);

        page.WaitForElement("tr.trace-row");
        Assert.Contains(TraceUiArrange.Question, Cell(page, ids.TraceId, "request"), StringComparison.Ordinal);
        Assert.Contains("MLflow is a platform", Cell(page, ids.TraceId, "response"), StringComparison.Ordinal);
        Assert.Equal("agent", Cell(page, ids.TraceId, "name"));
        Assert.Equal("OK", Cell(page, ids.TraceId, "state"));
        Assert.Equal("15", Cell(page, ids.TraceId, "tokens"));
        Assert.Equal("sess-1", Cell(page, ids.TraceId, "session"));
        Assert.Equal("alice", Cell(page, ids.TraceId, "user"));
        Assert.Equal("correctness", page.Find("th.assessment-column").TextContent.Trim());
        Assert.Equal("yes", page.Find($"tr.trace-row[data-trace='{ids.TraceId}'] td.assessment-cell[data-assessment='correctness']").TextContent.Trim());
        Assert.EndsWith($"/traces/{ids.TraceId}", page.Find("a.trace-link").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_filter_in_the_url_is_applied_and_a_bad_filter_shows_the_error()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var first = await TraceAsync(ws, experimentId, session: "s-a");
        var second = await TraceAsync(ws, experimentId, session: "s-b");
        var tagged = await WithAsync<TraceService, Result>(s => s.SetTagAsync(second.TraceId, "env", "prod", Ct), ws);
        Assert.True(tagged.IsSuccess, tagged.Error?.Message);

        var page = OpenTable(ws, experimentId, "?filter=tags.env%20%3D%20%27prod%27");
        page.WaitForAssertion(() => Assert.Equal([second.TraceId], page.FindAll("tr.trace-row").Select(r => r.GetAttribute("data-trace"))));
        Assert.Equal("tags.env = 'prod'", page.Find("#trace-filter").GetAttribute("value"));

        page.Find("#trace-filter").Input("tags.env >>> 1");
        await page.Find("#apply-trace-filter").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("tr.trace-row")));
        Assert.NotEmpty(page.Find("#traces-error").TextContent);
        Assert.Contains("filter=tags.env", Navigation.Uri, StringComparison.Ordinal);

        var all = OpenTable(ws, experimentId);
        all.WaitForAssertion(() => Assert.Equal(2, all.FindAll("tr.trace-row").Count));
        Assert.Contains(all.FindAll("tr.trace-row"), r => r.GetAttribute("data-trace") == first.TraceId);
    }

    [Fact]
    public async Task Sort_and_page_are_kept_in_the_url_and_the_runs_view_links_the_tab()
    {
        var (ws, experimentId) = await ExperimentAsync();
        // 51 one-span traces named t-00 … t-50, t-00 oldest: one more than a page.
        var spans = Enumerable.Range(0, 51).Select(i => new SpanRecord(Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")[..16], null, $"t-{i:00}",
            "SPAN_KIND_INTERNAL", TraceUiArrange.Start + i * 1_000_000_000L, TraceUiArrange.Start + i * 1_000_000_000L + 5_000_000, "STATUS_CODE_OK", null,
            [], [], [])).ToList();
        TraceUiArrange.Ok(await WithAsync<SpanIngestService, Result<int>>(s => s.LogSpansAsync(experimentId, null, spans, Ct), ws));

        var page = OpenTable(ws, experimentId);
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll("tr.trace-row").Count));
        Assert.Equal("t-50", page.FindAll("td[data-column='name']")[0].TextContent.Trim());

        await page.Find("button.trace-sort[data-sort='name']").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("t-50", page.FindAll("td[data-column='name']")[0].TextContent.Trim()));
        Assert.Contains("sort=name", Navigation.Uri, StringComparison.Ordinal);
        await page.Find("button.trace-sort[data-sort='name']").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("t-00", page.FindAll("td[data-column='name']")[0].TextContent.Trim()));
        Assert.Contains("dir=asc", Navigation.Uri, StringComparison.Ordinal);

        await page.Find("#page-next").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(["t-50"], page.FindAll("td[data-column='name']").Select(c => c.TextContent.Trim())));
        Assert.Contains("page=2", Navigation.Uri, StringComparison.Ordinal);

        var reopened = OpenTable(ws, experimentId, "?sort=name&dir=asc&page=2");
        reopened.WaitForAssertion(() => Assert.Equal(["t-50"], reopened.FindAll("td[data-column='name']").Select(c => c.TextContent.Trim())));

        Navigation.NavigateTo($"/workspaces/{ws}/experiments/{experimentId}");
        var runs = Render<Workspaces.Web.Components.Pages.Experiments.RunsPage>(p => p.Add(x => x.Ws, ws).Add(x => x.ExperimentId, experimentId));
        Assert.EndsWith($"/experiments/{experimentId}/traces", runs.WaitForElement("#view-traces").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_experiment_without_traces_explains_how_to_send_them()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var page = OpenTable(ws, experimentId);
        var empty = page.WaitForElement("#traces-empty").TextContent;
        Assert.Contains("/v1/traces", empty, StringComparison.Ordinal);
        Assert.Contains($"x-mlflow-experiment-id: {experimentId}", empty, StringComparison.Ordinal);
        Assert.Contains("mlflow.trace", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trace_page_shows_the_span_tree_a_bar_per_span_the_chat_and_the_exception()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var ids = await TraceAsync(ws, experimentId);

        var page = OpenTrace(ws, experimentId, ids.TraceId);

        page.WaitForElement("#span-tree");
        Assert.Equal([(ids.Root, "0"), (ids.Llm, "1"), (ids.Tool, "2")],
            page.FindAll("#span-tree .span-row").Select(r => (r.GetAttribute("data-span")!, r.GetAttribute("data-depth")!)));
        Assert.Equal(3, page.FindAll("#span-timeline .timeline-bar").Count);
        Assert.Contains("width: 100%", page.Find($"#span-timeline .timeline-row[data-span='{ids.Root}'] .timeline-bar").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("left: 20%; width: 10%", page.Find($"#span-timeline .timeline-row[data-span='{ids.Tool}'] .timeline-bar").GetAttribute("style"),
            StringComparison.Ordinal);

        await page.Find($"#span-tree .span-row[data-span='{ids.Llm}']").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(ids.Llm, page.Find("#span-details").GetAttribute("data-span")));
        Assert.Equal(["system", "user"], page.FindAll("#span-inputs .chat-message").Select(m => m.GetAttribute("data-role")));
        Assert.Contains(TraceUiArrange.Question, page.Find("#span-inputs").TextContent, StringComparison.Ordinal);
        Assert.Equal("A platform", page.Find("#span-outputs .chat-message[data-role='assistant'] .chat-content").TextContent.Trim());

        await page.Find($"#span-tree .span-row[data-span='{ids.Tool}']").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("bad input x", page.Find(".span-exception .exception-message").TextContent.Trim()));
        Assert.Contains("tool.py", page.Find(".exception-stacktrace").TextContent, StringComparison.Ordinal);
        Assert.Contains("\"key\": \"x\"", page.Find("#span-inputs .span-json").TextContent, StringComparison.Ordinal);

        page.Find("#span-search").Input("look");
        page.WaitForAssertion(() => Assert.Equal([ids.Tool], page.FindAll("#span-tree .span-row").Select(r => r.GetAttribute("data-span"))));
    }

    [Fact]
    public async Task Feedback_added_in_the_pane_is_stored_as_human_and_an_override_replaces_it()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var ids = await TraceAsync(ws, experimentId);
        var page = OpenTrace(ws, experimentId, ids.TraceId);
        page.WaitForElement("#assessment-form");

        page.Find("#assessment-name").Change("helpful");
        page.Find("#assessment-value").Change("0.8");
        page.Find("#assessment-rationale").Change("clear answer");
        await page.Find("#add-assessment").ClickAsync(new());

        page.WaitForElement("tr.assessment-row[data-name='helpful']");
        var info = await WithAsync<TraceService, Result<TraceInfoDto>>(s => s.GetInfoAsync(ids.TraceId, Ct), ws);
        var stored = Assert.Single(info.Value.Assessments);
        Assert.Equal(("helpful", "feedback", "0.8", "HUMAN", "clear answer"), (stored.Name, stored.Type, stored.ValueJson, stored.SourceType, stored.Rationale));

        await page.Find($"tr.assessment-row[data-assessment='{stored.AssessmentId}'] .override-assessment").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("Override", page.Find("#add-assessment").TextContent.Trim()));
        page.Find("#assessment-value").Change("no");
        await page.Find("#add-assessment").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.assessment-row").Count));
        info = await WithAsync<TraceService, Result<TraceInfoDto>>(s => s.GetInfoAsync(ids.TraceId, Ct), ws);
        var replacement = info.Value.Assessments.Single(a => a.AssessmentId != stored.AssessmentId);
        Assert.Equal(("\"no\"", stored.AssessmentId), (replacement.ValueJson, replacement.Overrides));
        Assert.False(info.Value.Assessments.Single(a => a.AssessmentId == stored.AssessmentId).Valid);

        await page.Find($"tr.assessment-row[data-assessment='{replacement.AssessmentId}'] .delete-assessment").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.assessment-row")));
        Assert.Empty(page.FindAll("tr.assessment-row .overridden"));
    }

    [Fact]
    public async Task Tags_are_set_and_deleted_from_the_trace_page()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var ids = await TraceAsync(ws, experimentId);
        var page = OpenTrace(ws, experimentId, ids.TraceId);
        page.WaitForElement("#set-tag");

        page.Find("#tag-key").Change("reviewed");
        page.Find("#tag-value").Change("yes");
        await page.Find("#set-tag").ClickAsync(new());
        page.WaitForElement("tr.trace-tag[data-key='reviewed']");
        var info = await WithAsync<TraceService, Result<TraceInfoDto>>(s => s.GetInfoAsync(ids.TraceId, Ct), ws);
        Assert.Equal("yes", info.Value.Tags["reviewed"]);

        await page.Find("tr.trace-tag[data-key='reviewed'] .delete-tag").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("tr.trace-tag[data-key='reviewed']")));
    }

    [Fact]
    public async Task Another_workspaces_trace_is_not_found()
    {
        var (ws, experimentId) = await ExperimentAsync();
        var (otherWs, otherExperiment) = await ExperimentAsync();
        var foreign = await TraceAsync(otherWs, otherExperiment);

        var page = OpenTrace(ws, experimentId, foreign.TraceId);
        page.WaitForElement("#trace-missing");
        Assert.Empty(page.FindAll("#span-tree"));

        // Its own workspace, but under another experiment's address: not found either.
        var own = await TraceAsync(ws, experimentId);
        var second = await WithAsync<ExperimentService, Result<string>>(s => s.CreateAsync("other", null, [], Ct), ws);
        OpenTrace(ws, second.Value, own.TraceId).WaitForElement("#trace-missing");
    }
}
