using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api.Otlp;

/// <summary>
/// <c>POST /v1/traces</c> end to end (tracing reference §2.4, §7 cases 7 and 10–14): the OpenTelemetry .NET SDK's own
/// OTLP/HTTP exporter posting protobuf, hand-made OTLP/JSON and gzip bodies, every error answer, and workspace isolation;
/// what was stored is read back from the database.
/// </summary>
public abstract class OtlpIngestTests<TDb, TProfile>(ApiFixture<TDb, TProfile> fixture) : IClassFixture<ApiFixture<TDb, TProfile>>
    where TDb : IDatabaseKind
    where TProfile : ISettingsProfile
{
    private static readonly string[] Docs = ["a", "b"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Workspace, string ExperimentId)> ExperimentAsync()
    {
        var workspace = await TProfile.NewWorkspaceAsync(fixture, "otlp");
        return (workspace, await new ExperimentHttp(fixture.Client).CreateExperimentAsync(workspace));
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => fixture.Client.SendAsync(request, Ct);

    [Fact]
    public async Task The_opentelemetry_sdk_exporter_stores_a_nested_trace()
    {
        var (workspace, experimentId) = await ExperimentAsync();
        using var source = new ActivitySource("otlp-ingest-" + Guid.NewGuid().ToString("N"));
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new AlwaysOnSampler())
            .ConfigureResource(r => r.AddService("ingest-test"))
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Endpoint = new Uri(fixture.Client.BaseAddress!, OtlpHttp.Path);
                o.Headers = $"x-mlflow-experiment-id={experimentId},X-MLFLOW-WORKSPACE={workspace}";
                o.HttpClientFactory = () => new HttpClient(new TestServerForwarder(fixture.Client));
                o.ExportProcessorType = ExportProcessorType.Batch;
            })
            .Build();
        string traceHex, rootHex;
        using (var root = source.StartActivity("agent", ActivityKind.Server)!)
        {
            traceHex = root.TraceId.ToHexString();
            rootHex = root.SpanId.ToHexString();
            root.SetTag("session.id", "session-1");
            root.SetTag("user.id", "user-1");
            root.SetTag("attempt", 3);
            using (var retrieve = source.StartActivity("retrieve")!)
                retrieve.SetTag("docs", Docs);
            using (var llm = source.StartActivity("llm", ActivityKind.Client)!)
            {
                llm.AddException(new InvalidOperationException("model overloaded"));
                llm.SetStatus(ActivityStatusCode.Error, "model overloaded");
            }
            root.SetStatus(ActivityStatusCode.Ok);
        }
        Assert.True(provider.ForceFlush(10_000));

        await using var db = fixture.Db(workspace);
        var traceId = "tr-" + traceHex;
        var info = await db.TraceInfos.SingleAsync(t => t.RequestId == traceId, Ct);
        Assert.Equal(long.Parse(experimentId, System.Globalization.CultureInfo.InvariantCulture), info.ExperimentId);
        Assert.Equal("OK", info.Status);
        var spans = await db.Spans.Where(s => s.TraceId == traceId).ToListAsync(Ct);
        Assert.Equal(3, spans.Count);
        var rootRow = Assert.Single(spans, s => s.ParentSpanId is null);
        Assert.Equal((rootHex, "agent"), (rootRow.SpanId, rootRow.Name));
        Assert.All(spans.Where(s => s != rootRow), child => Assert.Equal(rootHex, child.ParentSpanId));
        Assert.Equal(rootRow.StartTimeUnixNano / 1_000_000, info.TimestampMs);
        Assert.Equal((rootRow.EndTimeUnixNano!.Value - rootRow.StartTimeUnixNano) / 1_000_000, info.ExecutionTimeMs);
        Assert.All(spans, s => Assert.InRange(s.StartTimeUnixNano, rootRow.StartTimeUnixNano, rootRow.EndTimeUnixNano!.Value));

        using var rootContent = JsonDocument.Parse(rootRow.Content);
        var attributes = rootContent.RootElement.GetProperty("attributes");
        Assert.Equal("session-1", attributes.GetProperty("session.id").GetString());
        Assert.Equal(3, attributes.GetProperty("attempt").GetInt32()); // an OpenTelemetry int stays a number, as in MLflow's span dict
        Assert.Equal("SPAN_KIND_SERVER", rootContent.RootElement.GetProperty("kind").GetString());
        var llmRow = Assert.Single(spans, s => s.Name == "llm");
        Assert.Equal("ERROR", llmRow.Status);
        using var llmContent = JsonDocument.Parse(llmRow.Content);
        var exception = Assert.Single(llmContent.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("exception", exception.GetProperty("name").GetString());
        Assert.Equal("model overloaded", exception.GetProperty("attributes").GetProperty("exception.message").GetString());
        using var retrieveContent = JsonDocument.Parse(Assert.Single(spans, s => s.Name == "retrieve").Content);
        Assert.Equal("[\"a\",\"b\"]", retrieveContent.RootElement.GetProperty("attributes").GetProperty("docs").GetRawText());

        var metadata = await db.TraceMetadata.Where(m => m.RequestId == traceId).ToDictionaryAsync(m => m.Key, m => m.Value, Ct);
        Assert.Equal("session-1", metadata["mlflow.trace.session"]);
        Assert.Equal("user-1", metadata["mlflow.trace.user"]);
        var tags = await db.TraceTags.Where(m => m.RequestId == traceId).ToDictionaryAsync(m => m.Key, m => m.Value, Ct);
        Assert.Equal("TRACKING_STORE", tags["mlflow.trace.spansLocation"]);
    }

    [Fact]
    public async Task Protobuf_gzip_and_otlp_json_bodies_are_accepted_and_stored()
    {
        var (workspace, experimentId) = await ExperimentAsync();
        var plain = OtlpHttp.NewTraceHex();
        var gzipped = OtlpHttp.NewTraceHex();
        var json = OtlpHttp.NewTraceHex();
        await OtlpHttp.AssertAcceptedAsync(await SendAsync(OtlpHttp.Request(OtlpSamples.TwoSpans(plain).ToByteArray(), "application/x-protobuf", experimentId, workspace)));
        await OtlpHttp.AssertAcceptedAsync(await SendAsync(OtlpHttp.Request(
            OtlpHttp.Gzip(OtlpSamples.TwoSpans(gzipped).ToByteArray()), "application/x-protobuf", experimentId, workspace, "gzip")));
        await OtlpHttp.AssertAcceptedAsync(await SendAsync(OtlpHttp.Request(
            OtlpHttp.Gzip(OtlpSamples.TwoSpansJson(json)), "application/json; charset=utf-8", experimentId, workspace, "gzip")));
        await using var db = fixture.Db(workspace);
        foreach (var hex in new[] { plain, gzipped, json })
        {
            var info = await db.TraceInfos.SingleAsync(t => t.RequestId == "tr-" + hex, Ct);
            Assert.Equal(("OK", OtlpSamples.Start / 1_000_000, 1500L), (info.Status, info.TimestampMs, info.ExecutionTimeMs));
            var spans = await db.Spans.Where(s => s.TraceId == "tr-" + hex).OrderBy(s => s.StartTimeUnixNano).ToListAsync(Ct);
            Assert.Equal([(OtlpSamples.RootHex, (string?)null), (OtlpSamples.ChildHex, OtlpSamples.RootHex)], spans.Select(s => (s.SpanId, s.ParentSpanId)));
        }
    }

    [Fact]
    public async Task Ingested_spans_read_back_through_the_v3_trace_api()
    {
        var (workspace, experimentId) = await ExperimentAsync();
        var hex = OtlpHttp.NewTraceHex();
        await OtlpHttp.AssertAcceptedAsync(await SendAsync(OtlpHttp.Request(OtlpSamples.TwoSpans(hex).ToByteArray(), "application/x-protobuf", experimentId, workspace)));
        var http = new ExperimentHttp(fixture.Client);
        // Case 8: the trace info built from the spans.
        var info = (await ApiAssert.Ok(await http.Send(HttpMethod.Get, $"/api/3.0/mlflow/traces/tr-{hex}", null, workspace)))
            .GetProperty("trace").GetProperty("trace_info");
        Assert.Equal("TRACKING_STORE", info.GetProperty("tags").GetProperty("mlflow.trace.spansLocation").GetString());
        Assert.Equal("OK", info.GetProperty("state").GetString());
        Assert.Equal("2026-01-01T00:00:00.000Z", info.GetProperty("request_time").GetString());
        Assert.Equal("1.5s", info.GetProperty("execution_duration").GetString());
        // Case 9: both spans, ids in base64, the root without a parent.
        var trace = (await ApiAssert.Ok(await http.Send(HttpMethod.Get, $"/api/3.0/mlflow/traces/get?trace_id=tr-{hex}", null, workspace))).GetProperty("trace");
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(2, spans.Count);
        var root = Assert.Single(spans, s => !s.TryGetProperty("parent_span_id", out var p) || p.GetString() is null or "");
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(OtlpSamples.RootHex)), root.GetProperty("span_id").GetString());
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(hex)), root.GetProperty("trace_id").GetString());
        // Another workspace does not see it (§7 case 5 for ingested traces).
        var other = await TProfile.NewWorkspaceAsync(fixture, "otlp");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.Send(HttpMethod.Get, $"/api/3.0/mlflow/traces/tr-{hex}", null, other)).StatusCode);
    }

    [Fact]
    public async Task The_run_header_sets_the_traces_source_run()
    {
        var (workspace, experimentId) = await ExperimentAsync();
        var http = new ExperimentHttp(fixture.Client);
        var run = await ApiAssert.Ok(await http.Post("runs/create", $$"""{"experiment_id":"{{experimentId}}"}""", workspace));
        var runId = run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        var hex = OtlpHttp.NewTraceHex();
        var request = OtlpHttp.Request(OtlpSamples.TwoSpans(hex).ToByteArray(), "application/x-protobuf", experimentId, workspace);
        request.Headers.TryAddWithoutValidation("x-mlflow-run-id", runId);
        await OtlpHttp.AssertAcceptedAsync(await SendAsync(request));
        await using var db = fixture.Db(workspace);
        var metadata = await db.TraceMetadata.Where(m => m.RequestId == "tr-" + hex).ToDictionaryAsync(m => m.Key, m => m.Value, Ct);
        Assert.Equal(runId, metadata["mlflow.sourceRun"]);
    }

    [Fact]
    public async Task A_missing_experiment_header_is_fastapis_422()
    {
        var (workspace, _) = await ExperimentAsync();
        var response = await SendAsync(OtlpHttp.Request(OtlpSamples.TwoSpans().ToByteArray(), "application/x-protobuf", null, workspace));
        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("""{"detail":[{"type":"missing","loc":["header","x-mlflow-experiment-id"],"msg":"Field required","input":null}]}""",
            await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Wrong_content_type_garbage_empty_and_bad_encodings_are_400s_that_store_nothing()
    {
        var (workspace, experimentId) = await ExperimentAsync();
        var body = OtlpSamples.TwoSpans(OtlpHttp.NewTraceHex()).ToByteArray();
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request(body, "text/plain", experimentId, workspace)), 400,
            "Invalid Content-Type: text/plain. Expected: application/x-protobuf");
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request([0xFF, 0xFF, 0xFF], "application/x-protobuf", experimentId, workspace)), 400,
            "Invalid OpenTelemetry protobuf format");
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request([], "application/x-protobuf", experimentId, workspace)), 400,
            "Invalid OpenTelemetry protobuf format - no spans found");
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request(body, "application/x-protobuf", experimentId, workspace, "br")), 400,
            "Unsupported Content-Encoding: br");
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request(body, "application/x-protobuf", experimentId, workspace, "gzip")), 400,
            "Failed to decompress gzip payload");
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request(new byte[70_000], "application/x-protobuf", experimentId, workspace)), 413,
            "The request body exceeds the limit", prefix: true);
        await using var db = fixture.Db(workspace);
        Assert.False(await db.TraceInfos.AnyAsync(Ct));
    }

    [Fact]
    public async Task An_experiment_of_another_workspace_or_unknown_is_422_and_nothing_is_stored()
    {
        var (a, _) = await ExperimentAsync();
        var (b, foreign) = await ExperimentAsync();
        var hex = OtlpHttp.NewTraceHex();
        var body = OtlpSamples.TwoSpans(hex).ToByteArray();
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request(body, "application/x-protobuf", foreign, a)), 422,
            "Failed to log OpenTelemetry spans: ", prefix: true);
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request(body, "application/x-protobuf", "999999999", a)), 422,
            "Failed to log OpenTelemetry spans: ", prefix: true);
        await OtlpHttp.AssertDetailAsync(await SendAsync(OtlpHttp.Request(body, "application/x-protobuf", "not-a-number", a)), 422,
            "Failed to log OpenTelemetry spans: ", prefix: true);
        foreach (var workspace in new[] { a, b })
        {
            await using var db = fixture.Db(workspace);
            Assert.False(await db.TraceInfos.AnyAsync(t => t.RequestId == "tr-" + hex, Ct));
            Assert.False(await db.Spans.AnyAsync(s => s.TraceId == "tr-" + hex, Ct));
        }
    }

    [Fact]
    public async Task An_unknown_workspace_is_refused_before_the_body_is_read()
    {
        var response = await SendAsync(OtlpHttp.Request(OtlpSamples.TwoSpans().ToByteArray(), "application/x-protobuf", "1", "no-such-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(404, (int)response.StatusCode);
    }
}

public sealed class OtlpIngestTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : OtlpIngestTests<SqliteDb, DefaultProfile>(f);

public sealed class OtlpIngestTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : OtlpIngestTests<PostgresDb, DefaultProfile>(f);

public sealed class OtlpIngestTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : OtlpIngestTests<MySqlDb, DefaultProfile>(f);
