using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracing;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The search_traces filters that look into stored JSON (reference §3): span attributes and content, trace.text,
/// prompt, session-scoped and superseded assessments, RLIKE; and GetTrace's allow_partial (§2.3), on each database.
/// </summary>
public abstract class TraceContentFilterTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const long Start = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z in nanoseconds

    /// <summary>A string attribute as MLflow's Python client sends it (JSON-dumped), then as the OTLP mapper keeps it (its JSON).</summary>
    private static KeyValuePair<string, string> MlflowString(string key, string value) => new(key, JsonSerializer.Serialize(JsonSerializer.Serialize(value)));

    /// <summary>A plain OpenTelemetry string attribute.</summary>
    private static KeyValuePair<string, string> OtelString(string key, string value) => new(key, JsonSerializer.Serialize(value));

    private static SpanRecord Span(string hex, string spanId, string? parent, string name, long startMs, params KeyValuePair<string, string>[] attributes) =>
        new(hex, spanId, parent, name, "SPAN_KIND_INTERNAL", Start + (startMs * 1_000_000), Start + ((startMs + 5) * 1_000_000), "STATUS_CODE_OK", null,
            attributes, [], []);

    private async Task LogAsync(string workspace, string experimentId, params SpanRecord[] spans)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Bind(workspace);
        var logged = await scope.ServiceProvider.GetRequiredService<SpanIngestService>().LogSpansAsync(experimentId, null, spans, Ct);
        Assert.True(logged.IsSuccess, logged.IsSuccess ? "" : logged.Error.Message);
    }

    private async Task<(TraceTestClient Client, string Workspace, string Experiment)> ArrangeAsync(string prefix)
    {
        var workspace = await NewWorkspace<DefaultProfile>(prefix);
        var client = new TraceTestClient(fixture, workspace);
        return (client, workspace, await client.Tracking.CreateExperimentAsync());
    }

    private Task<string> NewWorkspace<TProfile>(string prefix)
        where TProfile : ISettingsProfile => TProfile.NewWorkspaceAsync(fixture, prefix);

    private static string Filter(string filter) => ",\"filter\":" + JsonSerializer.Serialize(filter);

    private static async Task Rejected(TraceTestClient c, string experiment, string filter, string message) =>
        Assert.Equal(message, await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(experiment, Filter(filter))),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"));

    [Fact]
    public async Task Span_attributes_content_and_text_match_in_the_database()
    {
        var (c, ws, e) = await ArrangeAsync("tf");
        var (a, b) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var (ta, tb) = ("tr-" + a, "tr-" + b);
        await LogAsync(ws, e, Span(a, "00000000000000a1", null, "predict", 0),
            Span(a, "00000000000000a2", "00000000000000a1", "llm", 1, MlflowString("mlflow.spanType", "LLM"), MlflowString("model", "gpt-4"),
                new("similarity.threshold", "0.7"), MlflowString("note", "50%_off"),
                new("lang", JsonSerializer.Serialize("\"caf\\u00e9\""))));
        await LogAsync(ws, e, Span(b, "00000000000000b1", null, "retrieve", 1000, MlflowString("mlflow.spanType", "RETRIEVER"),
            OtelString("model", "claude-3")));
        var tc = TraceTestClient.NewTraceId();
        await c.StartAsync(tc, e, requestTime: "2025-12-31T00:00:00Z");

        Task<List<string>> Find(string filter) => c.SearchAsync(e, Filter(filter));
        Assert.Equal([ta], await Find("span.attributes.model = 'gpt-4'"));
        Assert.Equal([tb], await Find("span.attributes.model = \"claude-3\""));
        Assert.Empty(await Find("span.attributes.model = 'gpt'"));
        Assert.Empty(await Find("span.attributes.nothing = 'gpt-4'"));
        Assert.Equal([ta], await Find("span.attributes.model LIKE '%gpt%'"));
        Assert.Equal([ta], await Find("span.attributes.model LIKE 'gpt-_'"));
        Assert.Empty(await Find("span.attributes.model LIKE '%GPT%'"));
        Assert.Equal([ta], await Find("span.attributes.model ILIKE '%GPT%'"));
        Assert.Equal([tb], await Find("span.attributes.model != 'gpt-4'"));
        Assert.Equal([tb, ta], await Find("span.attributes.model IN ('gpt-4', 'claude-3')"));
        Assert.Equal([tb], await Find("span.attributes.model NOT IN ('gpt-4')"));
        Assert.Equal([ta], await Find("span.attributes.`similarity.threshold` = '0.7'"));
        Assert.Equal([ta], await Find("span.attributes.similarity.threshold LIKE '0.%'"));
        Assert.Equal([ta], await Find("span.attributes.note = '50%_off'"));
        // Python's json.dumps writes non-ASCII as lowercase \u escapes.
        Assert.Equal([ta], await Find("span.attributes.lang = 'café'"));
        Assert.Equal([ta], await Find("span.attributes.lang LIKE '%afé'"));
        Assert.Equal([tb, ta], await Find("span.attributes.model RLIKE '(gpt|claude)-[0-9]'"));
        // Several span clauses must hold for one span.
        Assert.Equal([ta], await Find("span.attributes.model = 'gpt-4' AND span.name = 'llm' AND span.type = 'LLM'"));
        Assert.Empty(await Find("span.attributes.model = 'gpt-4' AND span.name = 'predict'"));

        Assert.Equal([tb], await Find("span.content LIKE '%retrieve%'"));
        Assert.Empty(await Find("span.content LIKE '%Retrieve%'"));
        Assert.Equal([tb], await Find("span.content ILIKE '%Retrieve%'"));
        Assert.Equal([tb, ta], await Find("span.content LIKE '%model%'"));
        Assert.Equal([tb], await Find("trace.text LIKE '%RETRIEVER%'"));
        Assert.Equal([ta], await Find("trace.text ILIKE '%PREDICT%'"));
        Assert.Equal([ta], await Find("text LIKE '%llm%' AND span.name = 'llm'"));

        await Rejected(c, e, "span.content = 'x'", "span.content comparator '=' not one of ['LIKE', 'ILIKE']");
        await Rejected(c, e, "span.content RLIKE 'x'", "span.content comparator 'RLIKE' not one of ['LIKE', 'ILIKE']");
        await Rejected(c, e, "trace.text = 'x'", "Invalid comparator '='");
        await Rejected(c, e, "span.attributes.model > 'x'", "Invalid comparator '>'");
        await Rejected(c, e, "span.attributes = 'x'", "Invalid span attribute 'attributes'. Supported attributes: name, status, type, attributes.<attribute_name>.");
    }

    [Fact]
    public async Task Prompt_filters_and_their_messages()
    {
        var (c, _, e) = await ArrangeAsync("tp");
        var (x, y, z) = (TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId());
        await c.StartAsync(x, e, requestTime: "2026-01-01T00:00:03Z");
        await c.StartAsync(y, e, ""","tags":{"mlflow.linkedPrompts":"[{\"name\": \"qa.prompt\", \"version\": \"1\"}]"}""", "2026-01-01T00:00:02Z");
        await c.StartAsync(z, e, requestTime: "2026-01-01T00:00:01Z");
        await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces/link-prompts",
            $$"""{"trace_id":"{{x}}","prompt_versions":[{"name":"qa_prompt","version":"2"},{"name":"other","version":"10"}]}"""));

        Task<List<string>> Find(string filter) => c.SearchAsync(e, Filter(filter));
        Assert.Equal([x], await Find("prompt = \"qa_prompt/2\""));
        Assert.Equal([x], await Find("prompt = 'other/10'"));
        Assert.Empty(await Find("prompt = 'other/1'"));
        Assert.Empty(await Find("prompt = 'qaXprompt/2'"));
        Assert.Equal([y], await Find("prompt = 'qa.prompt/1'"));
        Assert.Equal([x], await Find("prompt = 'qa_prompt/2' AND timestamp_ms > 1767225601000"));

        await Rejected(c, e, "prompt LIKE 'qa%'",
            "Invalid comparator 'LIKE' for prompts filter. Only '=' is supported with format: prompt = \"name/version\"");
        await Rejected(c, e, "prompt != 'qa/1'",
            "Invalid comparator '!=' for prompts filter. Only '=' is supported with format: prompt = \"name/version\"");
        await Rejected(c, e, "prompt = 'qa'", "Invalid prompts filter value 'qa'. Expected format: prompt = \"name/version\"");
        await Rejected(c, e, "prompt = 'qa/'", "Invalid prompts filter value 'qa/'. Expected format: prompt = \"name/version\"");
    }

    [Fact]
    public async Task Session_assessments_match_every_trace_of_the_session_and_superseded_ones_do_not()
    {
        var (c, _, e) = await ArrangeAsync("ts");
        var (s1, s2, s3) = (TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId());
        await c.StartAsync(s1, e, ""","trace_metadata":{"mlflow.trace.session":"sess-1"}""", "2026-01-01T00:00:01Z");
        await c.StartAsync(s2, e, ""","trace_metadata":{"mlflow.trace.session":"sess-1"}""", "2026-01-01T00:00:02Z");
        await c.StartAsync(s3, e, ""","trace_metadata":{"mlflow.trace.session":"sess-2"}""", "2026-01-01T00:00:03Z");
        // Another experiment's trace of the same session id is not reached.
        var other = await c.Tracking.CreateExperimentAsync();
        var s4 = TraceTestClient.NewTraceId();
        await c.StartAsync(s4, other, ""","trace_metadata":{"mlflow.trace.session":"sess-1"}""");
        await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{s1}/assessments",
            """{"assessment":{"assessment_name":"quality","feedback":{"value":"good"},"metadata":{"mlflow.trace.session":"sess-1"},"source":{"source_type":"HUMAN"}}}"""));
        await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{s3}/assessments",
            """{"assessment":{"assessment_name":"quality","feedback":{"value":"bad"},"source":{"source_type":"HUMAN"}}}"""));

        Task<List<string>> Find(string filter) => c.SearchAsync(e, Filter(filter));
        Assert.Equal([s2, s1], await Find("feedback.quality = 'good'"));
        Assert.Equal([s3], await Find("feedback.quality = 'bad'"));
        Assert.Equal([s3, s2, s1], await Find("feedback.quality IS NOT NULL"));
        Assert.Empty(await c.SearchAsync(other, Filter("feedback.quality = 'good'")));
        Assert.Equal([s4], await c.SearchAsync(other, Filter("feedback.quality IS NULL")));

        var first = (await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{s3}/assessments",
            """{"assessment":{"assessment_name":"score","feedback":{"value":1},"source":{"source_type":"HUMAN"}}}"""))).GetProperty("assessment");
        Assert.Equal([s3], await Find("feedback.score = '1'"));
        var overrides = first.GetProperty("assessment_id").GetString();
        await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{s3}/assessments",
            """{"assessment":{"assessment_name":"score","feedback":{"value":2},"overrides":""" + JsonSerializer.Serialize(overrides)
            + ""","source":{"source_type":"HUMAN"}}}"""));
        Assert.Empty(await Find("feedback.score = '1'"));
        Assert.Equal([s3], await Find("feedback.score = '2'"));
    }

    [Fact]
    public async Task Regex_filters_work_on_every_database()
    {
        var (c, _, e) = await ArrangeAsync("tx");
        var (t1, t2) = (TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId());
        await c.StartAsync(t1, e, ""","tags":{"mlflow.traceName":"Predict","env":"prod-1"}""", "2026-01-01T00:00:01Z");
        await c.StartAsync(t2, e, ""","tags":{"mlflow.traceName":"chat"},"trace_metadata":{"m":"v2"}""", "2026-01-01T00:00:02Z");
        Task<List<string>> Find(string filter) => c.SearchAsync(e, Filter(filter));
        Assert.Equal([t1], await Find("name RLIKE '^[Pp]red'"));
        Assert.Empty(await Find("name RLIKE '^pred'"));
        Assert.Equal([t1], await Find("tag.env RLIKE 'prod-[0-9]$'"));
        Assert.Equal([t2], await Find("metadata.m RLIKE '^v[0-9]'"));
    }

    [Fact]
    public async Task Get_trace_refuses_a_partial_trace_unless_allowed()
    {
        var (c, ws, e) = await ArrangeAsync("tg");
        var hex = Guid.NewGuid().ToString("N");
        var id = "tr-" + hex;
        await LogAsync(ws, e, Span(hex, "00000000000000a1", null, "root", 0));
        await c.StartAsync(id, e, ""","trace_metadata":{"mlflow.trace.sizeStats":"{\"total_size_bytes\": 10, \"num_spans\": 2}"}""");

        await ApiAssert.Error(await c.V3(HttpMethod.Get, $"traces/get?trace_id={id}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Trace with ID {id} is not fully exported yet");
        await ApiAssert.Error(await c.V3(HttpMethod.Get, $"traces/get?trace_id={id}&allow_partial=false"), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"Trace with ID {id} is not fully exported yet");
        var partial = await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/get?trace_id={id}&allow_partial=true"));
        Assert.Single(partial.GetProperty("trace").GetProperty("spans").EnumerateArray());
        // The UI's traces.json reads what is there.
        Assert.Equal(HttpStatusCode.OK, (await c.SendAsync(HttpMethod.Get, $"/ajax-api/3.0/mlflow/get-trace-artifact?request_id={id}")).StatusCode);

        await LogAsync(ws, e, Span(hex, "00000000000000a2", "00000000000000a1", "child", 1));
        var full = await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/get?trace_id={id}"));
        Assert.Equal(2, full.GetProperty("trace").GetProperty("spans").GetArrayLength());
    }
}

public sealed class TraceContentFilterTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : TraceContentFilterTests<SqliteDb>(f);

public sealed class TraceContentFilterTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : TraceContentFilterTests<PostgresDb>(f);

public sealed class TraceContentFilterTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : TraceContentFilterTests<MySqlDb>(f);
