using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracing;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// <see cref="SpanIngestService"/> (reference §2.3 "Span logging"): the trace row built from spans, then read back
/// through the v3 routes, on each database.
/// </summary>
public abstract class SpanIngestTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const long Start = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z in nanoseconds

    private static KeyValuePair<string, string> Attr(string key, string json) => new(key, json);

    private static SpanRecord Span(string traceHex, string spanId, string? parent, string name, long startMs, long endMs, string status = "STATUS_CODE_UNSET",
        params KeyValuePair<string, string>[] attributes) =>
        new(traceHex, spanId, parent, name, "SPAN_KIND_INTERNAL", Start + (startMs * 1_000_000), endMs < 0 ? 0 : Start + (endMs * 1_000_000), status, null,
            attributes, [new SpanEventRecord("log", Start, [Attr("k", "\"v\"")])], [Attr("service.name", "\"svc\"")]);

    private async Task<Result<int>> LogAsync(string workspace, string experimentId, string? runId, params SpanRecord[] spans)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Bind(workspace);
        return await scope.ServiceProvider.GetRequiredService<SpanIngestService>().LogSpansAsync(experimentId, runId, spans, Ct);
    }

    private async Task<(TraceTestClient Client, string Workspace, string Experiment)> ArrangeAsync()
    {
        var workspace = await NewWorkspace<DefaultProfile>("sp");
        var client = new TraceTestClient(fixture, workspace);
        return (client, workspace, await client.Tracking.CreateExperimentAsync());
    }

    private Task<string> NewWorkspace<TProfile>(string prefix)
        where TProfile : ISettingsProfile => TProfile.NewWorkspaceAsync(fixture, prefix);

    [Fact]
    public async Task A_trace_is_built_from_its_spans_and_read_back_as_otel_json()
    {
        var (c, ws, e) = await ArrangeAsync();
        var run = await c.Tracking.CreateRunAsync(e);
        var hex = Guid.NewGuid().ToString("N");
        var child = Span(hex, "00000000000000c1", "00000000000000a1", "llm", 10, 200, "STATUS_CODE_OK",
            Attr("mlflow.spanType", "\"\\\"LLM\\\"\""), Attr("session.id", "\"s-1\""), Attr("user.id", "\"bob\""),
            Attr("mlflow.chat.tokenUsage", "{\"input_tokens\": 3, \"output_tokens\": 4, \"total_tokens\": 7}"));
        // The child first: before the root arrives the trace is in progress.
        Assert.Equal(1, (await LogAsync(ws, e, run, child)).Value);
        var id = "tr-" + hex;
        var early = await c.GetInfoAsync(id);
        Assert.Equal("IN_PROGRESS", early.GetProperty("state").GetString());
        Assert.Equal("TRACKING_STORE", TraceTestClient.Map(early, "tags")["mlflow.trace.spansLocation"]);

        var root = Span(hex, "00000000000000a1", null, "predict", 0, 250, "STATUS_CODE_UNSET",
            Attr("mlflow.spanInputs", "\"{\\\"q\\\": \\\"hi\\\"}\""), Attr("mlflow.spanOutputs", "\"\\\"hello\\\"\""),
            Attr("session.id", "\"s-2\""), Attr("mlflow.chat.tokenUsage", "\"{\\\"input_tokens\\\": 1, \\\"output_tokens\\\": 1}\""));
        Assert.Equal(1, (await LogAsync(ws, e, run, root, child)).Value);
        var info = await c.GetInfoAsync(id);
        Assert.Equal("OK", info.GetProperty("state").GetString());
        Assert.Equal("2026-01-01T00:00:00.000Z", info.GetProperty("request_time").GetString());
        Assert.Equal("0.25s", info.GetProperty("execution_duration").GetString());
        Assert.Equal("{\"q\": \"hi\"}", info.GetProperty("request_preview").GetString());
        Assert.Equal("\"hello\"", info.GetProperty("response_preview").GetString());
        var tags = TraceTestClient.Map(info, "tags");
        Assert.Equal("predict", tags["mlflow.traceName"]);
        var metadata = TraceTestClient.Map(info, "trace_metadata");
        Assert.Equal("s-1", metadata["mlflow.trace.session"]);
        Assert.Equal("bob", metadata["mlflow.trace.user"]);
        Assert.Equal(run, metadata["mlflow.sourceRun"]);
        // The child is counted once although it arrived twice.
        Assert.Equal("{\"input_tokens\": 4, \"output_tokens\": 5, \"total_tokens\": 9}", metadata["mlflow.trace.tokenUsage"]);

        var full = (await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/get?trace_id={id}"))).GetProperty("trace");
        var spans = full.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(2, spans.Count);
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(hex)), spans[0].GetProperty("trace_id").GetString());
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString("00000000000000a1")), spans[0].GetProperty("span_id").GetString());
        Assert.False(spans[0].TryGetProperty("parent_span_id", out _));
        Assert.Equal(spans[0].GetProperty("span_id").GetString(), spans[1].GetProperty("parent_span_id").GetString());
        Assert.Equal(Start + 10_000_000, spans[1].GetProperty("start_time_unix_nano").GetInt64());
        Assert.Contains(spans[1].GetProperty("attributes").EnumerateArray(),
            a => a.GetProperty("key").GetString() == "mlflow.spanType" && a.GetProperty("value").GetProperty("string_value").GetString() == "\"LLM\"");
        Assert.Equal("STATUS_CODE_OK", spans[1].GetProperty("status").GetProperty("code").GetString());

        Assert.Equal([id], await c.SearchAsync(e, ""","filter":"span.name = 'llm' AND span.status = 'OK'" """));
        Assert.Empty(await c.SearchAsync(e, ""","filter":"span.name = 'predict' AND span.status = 'OK'" """));
        Assert.Equal([id], await c.SearchAsync(e, ""","filter":"metadata.`mlflow.trace.session` = 's-1'" """));

        // start_trace afterwards merges and keeps the span-derived location tag.
        var merged = await c.StartAsync(id, e, ""","tags":{"mlflow.trace.spansLocation":"ARTIFACT_REPO","x":"1"}""", "2026-01-01T00:00:00Z", "0.25s");
        Assert.Equal("TRACKING_STORE", TraceTestClient.Map(merged, "tags")["mlflow.trace.spansLocation"]);
        var artifact = await c.SendAsync(HttpMethod.Get, $"/ajax-api/3.0/mlflow/get-trace-artifact?request_id={id}");
        Assert.Equal(HttpStatusCode.OK, artifact.StatusCode);
        Assert.Contains("\"spans\": [", await artifact.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>
    /// Spans from OpenTelemetry GenAI instrumentations carry <c>gen_ai.usage.*</c> counts instead of MLflow's attribute;
    /// they count toward the trace's usage, also when the span was stored by an earlier request.
    /// </summary>
    [Fact]
    public async Task GenAi_usage_attributes_count_as_token_usage()
    {
        var (c, ws, e) = await ArrangeAsync();
        var hex = Guid.NewGuid().ToString("N");
        var llm = Span(hex, "00000000000000c1", "00000000000000a1", "chat gpt-4o-mini", 10, 200, "STATUS_CODE_OK",
            Attr("gen_ai.usage.input_tokens", "12"), Attr("gen_ai.usage.output_tokens", "30"));
        var legacy = Span(hex, "00000000000000c2", "00000000000000a1", "chat old", 10, 200, "STATUS_CODE_OK",
            Attr("gen_ai.usage.prompt_tokens", "1"), Attr("gen_ai.usage.completion_tokens", "2"), Attr("gen_ai.usage.total_tokens", "4"));
        Assert.Equal(1, (await LogAsync(ws, e, null, llm, legacy)).Value);
        Assert.Equal(1, (await LogAsync(ws, e, null, Span(hex, "00000000000000a1", null, "agent", 0, 250, "STATUS_CODE_OK"))).Value);
        var metadata = TraceTestClient.Map(await c.GetInfoAsync("tr-" + hex), "trace_metadata");
        Assert.Equal("{\"input_tokens\": 13, \"output_tokens\": 32, \"total_tokens\": 46}", metadata["mlflow.trace.tokenUsage"]);
    }

    [Fact]
    public async Task A_request_of_several_traces_is_written_whole()
    {
        var (c, ws, e) = await ArrangeAsync();
        var (a, b, open) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        const string Usage = "{\"input_tokens\": 1, \"output_tokens\": 2, \"total_tokens\": 3}";
        Assert.Equal(1, (await LogAsync(ws, e, null, Span(a, "00000000000000a1", null, "first", 0, 100, "STATUS_CODE_OK", Attr("mlflow.chat.tokenUsage", Usage)))).Value);

        // One stored trace gains a span, one arrives whole, one has no root yet: one request, three traces.
        Assert.Equal(3, (await LogAsync(ws, e, null,
            Span(a, "00000000000000a2", "00000000000000a1", "more", 10, 20, "STATUS_CODE_OK", Attr("mlflow.chat.tokenUsage", Usage), Attr("user.id", "\"ann\"")),
            Span(b, "00000000000000b1", null, "second", 0, 50),
            Span(open, "00000000000000c2", "00000000000000c1", "child", 0, 5))).Value);
        var first = await c.GetInfoAsync("tr-" + a);
        Assert.Equal("first", TraceTestClient.Map(first, "tags")["mlflow.traceName"]);
        Assert.Equal("{\"input_tokens\": 2, \"output_tokens\": 4, \"total_tokens\": 6}", TraceTestClient.Map(first, "trace_metadata")["mlflow.trace.tokenUsage"]);
        Assert.Equal("ann", TraceTestClient.Map(first, "trace_metadata")["mlflow.trace.user"]);
        Assert.Equal("second", TraceTestClient.Map(await c.GetInfoAsync("tr-" + b), "tags")["mlflow.traceName"]);
        Assert.Equal("IN_PROGRESS", (await c.GetInfoAsync("tr-" + open)).GetProperty("state").GetString());

        // A trace of another experiment fails the request, and its new traces are not stored either.
        var other = await c.Tracking.CreateExperimentAsync();
        var fresh = Guid.NewGuid().ToString("N");
        var failed = await LogAsync(ws, other, null, Span(fresh, "00000000000000d1", null, "new", 0, 5), Span(a, "00000000000000a3", "00000000000000a1", "x", 0, 5));
        Assert.Equal($"Trace with ID 'tr-{a}' belongs to another experiment.", failed.Error!.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await c.V3(HttpMethod.Get, $"traces/tr-{fresh}")).StatusCode);
    }

    /// <summary>
    /// Trace ids are global but a trace of another workspace is invisible: reusing its id (by chance or on purpose) is
    /// refused as a 4xx that says nothing about the other workspace, never a 500, and the other trace is untouched.
    /// </summary>
    [Fact]
    public async Task Another_workspaces_trace_id_is_refused_not_a_server_error()
    {
        var (c, ws, e) = await ArrangeAsync();
        var (other, otherWs, otherE) = await ArrangeAsync();
        var hex = Guid.NewGuid().ToString("N");
        Assert.Equal(1, (await LogAsync(ws, e, null, Span(hex, "00000000000000a1", null, "mine", 0, 10, "STATUS_CODE_OK"))).Value);

        var spans = await LogAsync(otherWs, otherE, null, Span(hex, "00000000000000b1", null, "theirs", 0, 10, "STATUS_CODE_OK"));
        Assert.Equal(ErrorCode.InvalidParameterValue, spans.Error!.Code);
        var start = await other.V3(HttpMethod.Post, "traces", TraceTestClient.TraceInfo("tr-" + hex, otherE));
        await ApiAssert.Error(start, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var mine = TraceTestClient.Map(await c.GetInfoAsync("tr-" + hex), "tags");
        Assert.Equal("mine", mine["mlflow.traceName"]);
    }

    [Fact]
    public async Task Errors_for_unknown_or_foreign_experiments_and_an_error_root()
    {
        var (_, ws, e) = await ArrangeAsync();
        var other = await NewWorkspace<DefaultProfile>("sq");
        var hex = Guid.NewGuid().ToString("N");
        var unknown = await LogAsync(ws, "987654", null, Span(hex, "00000000000000a1", null, "r", 0, 1));
        Assert.Equal("No Experiment with id=987654 exists", unknown.Error!.Message);
        var foreign = await LogAsync(other, e, null, Span(hex, "00000000000000a1", null, "r", 0, 1));
        Assert.Equal($"No Experiment with id={e} exists", foreign.Error!.Message);

        var failed = await LogAsync(ws, e, null, Span(hex, "00000000000000a1", null, "r", 0, 5, "STATUS_CODE_ERROR"),
            Span(Guid.NewGuid().ToString("N"), "00000000000000b1", null, "open", 0, -1));
        Assert.Equal(2, failed.Value);
        var info = await new TraceTestClient(fixture, ws).GetInfoAsync("tr-" + hex);
        Assert.Equal("ERROR", info.GetProperty("state").GetString());
    }
}

public sealed class SpanIngestTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : SpanIngestTests<SqliteDb>(f);

public sealed class SpanIngestTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : SpanIngestTests<PostgresDb>(f);

public sealed class SpanIngestTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : SpanIngestTests<MySqlDb>(f);
