using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>The trace routes over HTTP: reference mlflow-tracing.md §7 cases 1–6, 15–30, on each database.</summary>
public abstract class TraceApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private Task<string> NewWorkspaceAsync(string prefix) => NewWorkspace<DefaultProfile>(prefix);

    private Task<string> NewWorkspace<TProfile>(string prefix)
        where TProfile : ISettingsProfile => TProfile.NewWorkspaceAsync(fixture, prefix);

    private async Task<(TraceTestClient Client, string Experiment)> ArrangeAsync()
    {
        var client = new TraceTestClient(fixture, await NewWorkspaceAsync("tr"));
        return (client, await client.Tracking.CreateExperimentAsync());
    }

    [Fact]
    public async Task Start_is_an_upsert_with_the_server_artifact_location_and_get_has_no_spans()
    {
        var (c, e) = await ArrangeAsync();
        var id = TraceTestClient.NewTraceId();
        var info = await c.StartAsync(id, e, ""","tags":{"a":"1"},"trace_metadata":{"mlflow.trace_schema.version":"3"}""");
        Assert.Equal(id, info.GetProperty("trace_id").GetString());
        Assert.Equal("OK", info.GetProperty("state").GetString());
        Assert.EndsWith($"/traces/{id}/artifacts", TraceTestClient.Map(info, "tags")["mlflow.artifactLocation"], StringComparison.Ordinal);
        Assert.Equal("2026-01-01T00:00:00.000Z", info.GetProperty("request_time").GetString());
        Assert.Equal("1.0s", info.GetProperty("execution_duration").GetString());

        await c.StartAsync(id, e, ""","tags":{"b":"2"}""");
        var got = await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/{id}"));
        Assert.False(got.GetProperty("trace").TryGetProperty("spans", out _));
        var tags = TraceTestClient.Map(got.GetProperty("trace").GetProperty("trace_info"), "tags");
        Assert.Equal("1", tags["a"]);
        Assert.Equal("2", tags["b"]);
        Assert.Equal("3", TraceTestClient.Map(got.GetProperty("trace").GetProperty("trace_info"), "trace_metadata")["mlflow.trace_schema.version"]);
    }

    [Fact]
    public async Task Start_without_trace_and_unknown_ids_are_client_errors()
    {
        var (c, e) = await ArrangeAsync();
        var message = await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces", "{}"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'trace'", message, StringComparison.Ordinal);
        var unknown = "tr-" + new string('f', 32);
        await ApiAssert.Error(await c.V3(HttpMethod.Get, $"traces/{unknown}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Trace with ID '{unknown}' not found.");
        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces", TraceTestClient.TraceInfo(TraceTestClient.NewTraceId(), "987654")),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987654 exists");
        await ApiAssert.Error(await c.V3(HttpMethod.Get, $"traces/get?trace_id={unknown}&allow_partial=maybe"), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid boolean value: maybe, must be 'true' or 'false'.");
        _ = e;
    }

    [Fact]
    public async Task Search_orders_newest_first_filters_pages_and_limits()
    {
        var (c, e) = await ArrangeAsync();
        var (t1, t2, t3) = (TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId());
        await c.StartAsync(t1, e, ""","tags":{"b":"x"}""", "2026-01-01T00:00:01Z", "2s");
        await c.StartAsync(t2, e, ""","tags":{"b":"y"}""", "2026-01-01T00:00:02Z", "0.5s", "ERROR");
        await c.StartAsync(t3, e, ""","tags":{"b":"x"},"trace_metadata":{"mlflow.sourceRun":"r1"}""", "2026-01-01T00:00:03Z", "0.25s");
        Assert.Equal([t3, t2, t1], await c.SearchAsync(e));
        Assert.Equal([t1], await c.SearchAsync(e, ""","filter":"tag.b = 'x' AND trace.execution_time_ms >= 1000" """));
        Assert.Equal([t2], await c.SearchAsync(e, ""","filter":"status = 'ERROR'" """));
        Assert.Equal([t3], await c.SearchAsync(e, ""","filter":"attributes.run_id = 'r1'" """));
        Assert.Equal([t3, t1], await c.SearchAsync(e, ""","filter":"tags.b LIKE 'x%'" """));
        Assert.Equal([t1, t2, t3], await c.SearchAsync(e, ""","order_by":["timestamp_ms ASC"]"""));
        Assert.Equal([t3, t2], await c.SearchAsync(e, ""","filter":"timestamp_ms > 1767225601000" """));
        Assert.Equal([t2, t1], await c.SearchAsync(e, ""","filter":"metadata.`mlflow.sourceRun` IS NULL" """));

        var page1 = await ApiAssert.Ok(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","max_results":2""")));
        var token = page1.GetProperty("next_page_token").GetString();
        var page2 = await ApiAssert.Ok(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, $$""","max_results":2,"page_token":"{{token}}" """)));
        Assert.Equal(t1, Assert.Single(page2.GetProperty("traces").EnumerateArray()).GetProperty("trace_id").GetString());
        Assert.False(page2.TryGetProperty("next_page_token", out _));

        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","max_results":501""")),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid value 501 for parameter 'max_results' supplied");
        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","filter":"trace.status < 'OK'" """)),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid comparator '<'");
        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","filter":"foo.bar = 'x'" """)),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid entity type 'foo'");
        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","filter":"trace.tags.foo = 'x'" """)),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid attribute key 'tags.foo'");
        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","filter":"span.duration = 'x'" """)),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid span attribute 'duration'.");
        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","filter":"status = 'OK' OR status = 'ERROR'" """)),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid clause(s) in filter string");
    }

    [Fact]
    public async Task Tags_are_set_truncated_limited_and_deleted()
    {
        var (c, e) = await ArrangeAsync();
        var id = TraceTestClient.NewTraceId();
        await c.StartAsync(id, e);
        Assert.Equal("{}", (await ApiAssert.Ok(await c.V3(HttpMethod.Patch, $"traces/{id}/tags", """{"key":"k","value":"v"}"""))).GetRawText());
        await ApiAssert.Ok(await c.V2(HttpMethod.Patch, $"traces/{id}/tags", $$"""{"key":"long","value":"{{new string('v', 9000)}}"}"""));
        var tags = TraceTestClient.Map(await c.GetInfoAsync(id), "tags");
        Assert.Equal("v", tags["k"]);
        Assert.Equal(8000, tags["long"].Length);
        await ApiAssert.Error(await c.V3(HttpMethod.Patch, $"traces/{id}/tags", $$"""{"key":"{{new string('k', 251)}}","value":"v"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "'key' exceeds the maximum length of 250 characters");
        await ApiAssert.Error(await c.V3(HttpMethod.Delete, $"traces/{id}/tags", """{"key":"nope"}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            "No trace tag with key 'nope'");
        await ApiAssert.Ok(await c.V2(HttpMethod.Delete, $"traces/{id}/tags", """{"key":"k"}"""));
        Assert.False(TraceTestClient.Map(await c.GetInfoAsync(id), "tags").ContainsKey("k"));
    }

    [Fact]
    public async Task Delete_traces_by_ids_and_by_age_with_the_reference_messages()
    {
        var (c, e) = await ArrangeAsync();
        var (t1, t2, t3) = (TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId());
        await c.StartAsync(t1, e, requestTime: "2026-01-01T00:00:01Z");
        await c.StartAsync(t2, e, requestTime: "2026-01-01T00:00:02Z");
        await c.StartAsync(t3, e, requestTime: "2026-01-01T00:00:03Z");
        async Task Bad(string body, string message) => await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/delete-traces", body),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        await Bad($$"""{"experiment_id":"{{e}}"}""", "Either `max_timestamp_millis` or `trace_ids` must be specified.");
        await Bad($$"""{"experiment_id":"{{e}}","max_timestamp_millis":1,"request_ids":["{{t1}}"]}""", "Only one of `max_timestamp_millis` and `trace_ids` can be specified.");
        await Bad($$"""{"experiment_id":"{{e}}","max_traces":1,"request_ids":["{{t1}}"]}""", "`max_traces` can't be specified if `trace_ids` is specified.");
        await Bad($$"""{"experiment_id":"{{e}}","max_timestamp_millis":1,"max_traces":0}""", "`max_traces` must be a positive integer, received 0");

        var deleted = await ApiAssert.Ok(await c.V3(HttpMethod.Post, "traces/delete-traces", $$"""{"experiment_id":"{{e}}","request_ids":["{{t1}}"]}"""));
        Assert.Equal(1, deleted.GetProperty("traces_deleted").GetInt32());
        await ApiAssert.Error(await c.V3(HttpMethod.Get, $"traces/{t1}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        // Inclusive bound, oldest first, capped.
        var aged = await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces/delete-traces",
            $$"""{"experiment_id":"{{e}}","max_timestamp_millis":1767225603000,"max_traces":1}"""));
        Assert.Equal(1, aged.GetProperty("traces_deleted").GetInt32());
        Assert.Equal([t3], await c.SearchAsync(e));
    }

    [Fact]
    public async Task Assessments_create_update_override_and_delete()
    {
        var (c, e) = await ArrangeAsync();
        var id = TraceTestClient.NewTraceId();
        await c.StartAsync(id, e);
        var created = (await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{id}/assessments",
            """{"assessment":{"assessment_name":"correct","trace_id":"other","source":{"source_type":"HUMAN","source_id":"bob"},"feedback":{"value":true},"metadata":{"a":"1"}}}""")))
            .GetProperty("assessment");
        var aid = created.GetProperty("assessment_id").GetString()!;
        Assert.StartsWith("a-", aid, StringComparison.Ordinal);
        Assert.True(created.GetProperty("valid").GetBoolean());
        Assert.Equal(id, created.GetProperty("trace_id").GetString());

        var updated = (await ApiAssert.Ok(await c.V3(HttpMethod.Patch, $"traces/{id}/assessments/{aid}",
            """{"assessment":{"rationale":"r","metadata":{"b":"2"}},"update_mask":"rationale,metadata"}"""))).GetProperty("assessment");
        Assert.Equal("r", updated.GetProperty("rationale").GetString());
        Assert.True(updated.GetProperty("feedback").GetProperty("value").GetBoolean());
        Assert.Equal(2, updated.GetProperty("metadata").EnumerateObject().Count());
        Assert.True(string.CompareOrdinal(updated.GetProperty("last_update_time").GetString(), updated.GetProperty("create_time").GetString()) >= 0);
        await ApiAssert.Error(await c.V3(HttpMethod.Patch, $"traces/{id}/assessments/{aid}", """{"assessment":{"expectation":{"value":1}},"update_mask":"expectation"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Cannot update expectation value on a Feedback assessment");
        var renamed = (await ApiAssert.Ok(await c.V3(HttpMethod.Patch, $"traces/{id}/assessments/{aid}",
            """{"assessment":{"assessment_name":"right"},"update_mask":"assessmentName"}"""))).GetProperty("assessment");
        Assert.Equal("right", renamed.GetProperty("assessment_name").GetString());

        var over = (await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{id}/assessments",
            $$$"""{"assessment":{"assessment_name":"right","feedback":{"value":false},"overrides":"{{{aid}}}"}}"""))).GetProperty("assessment");
        var aid2 = over.GetProperty("assessment_id").GetString()!;
        var original = (await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/{id}/assessments/{aid}"))).GetProperty("assessment");
        Assert.False(original.GetProperty("valid").GetBoolean());
        Assert.Equal("{}", (await ApiAssert.Ok(await c.V3(HttpMethod.Delete, $"traces/{id}/assessments/{aid2}"))).GetRawText());
        Assert.Equal("{}", (await ApiAssert.Ok(await c.V3(HttpMethod.Delete, $"traces/{id}/assessments/{aid2}"))).GetRawText());
        original = (await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/{id}/assessments/{aid}"))).GetProperty("assessment");
        Assert.True(original.GetProperty("valid").GetBoolean());

        await ApiAssert.Error(await c.V3(HttpMethod.Get, $"traces/{id}/assessments/a-missing"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            $"Assessment with ID 'a-missing' not found for trace '{id}'");
        await ApiAssert.Error(await c.V3(HttpMethod.Post, $"traces/{id}/assessments", """{"assessment":{"assessment_name":"x","feedback":{"value":1},"overrides":"a-nope"}}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Assessment with ID 'a-nope' not found");
        var info = await c.GetInfoAsync(id);
        Assert.Single(info.GetProperty("assessments").EnumerateArray());
        Assert.Equal([id], await c.SearchAsync(e, ""","filter":"feedback.right = 'true'" """));
        Assert.Empty(await c.SearchAsync(e, ""","filter":"feedback.right = 'false'" """));
    }

    [Fact]
    public async Task Another_workspaces_trace_is_not_found_on_every_route()
    {
        var (a, e) = await ArrangeAsync();
        var b = new TraceTestClient(fixture, await NewWorkspaceAsync("trb"));
        var id = TraceTestClient.NewTraceId();
        await a.StartAsync(id, e);
        var aid = (await ApiAssert.Ok(await a.V3(HttpMethod.Post, $"traces/{id}/assessments", """{"assessment":{"assessment_name":"n","feedback":{"value":1}}}""")))
            .GetProperty("assessment").GetProperty("assessment_id").GetString();
        var notFound = $"Trace with ID '{id}' not found.";
        (HttpMethod, string, string?)[] calls =
        [
            (HttpMethod.Get, $"/api/3.0/mlflow/traces/{id}", null),
            (HttpMethod.Get, $"/api/3.0/mlflow/traces/get?trace_id={id}", null),
            (HttpMethod.Patch, $"/api/3.0/mlflow/traces/{id}/tags", """{"key":"k","value":"v"}"""),
            (HttpMethod.Delete, $"/api/2.0/mlflow/traces/{id}/tags", """{"key":"k"}"""),
            (HttpMethod.Post, $"/api/3.0/mlflow/traces/{id}/assessments", """{"assessment":{"assessment_name":"n","feedback":{"value":1}}}"""),
            (HttpMethod.Get, $"/api/3.0/mlflow/traces/{id}/assessments/{aid}", null),
            (HttpMethod.Patch, $"/api/3.0/mlflow/traces/{id}/assessments/{aid}", """{"assessment":{"rationale":"x"},"update_mask":"rationale"}"""),
            (HttpMethod.Delete, $"/api/3.0/mlflow/traces/{id}/assessments/{aid}", null),
            (HttpMethod.Post, "/api/2.0/mlflow/traces/link-prompts", $$"""{"trace_id":"{{id}}","prompt_versions":[{"name":"p","version":"1"}]}"""),
            (HttpMethod.Get, $"/ajax-api/2.0/mlflow/get-trace-artifact?request_id={id}", null),
        ];
        foreach (var (method, path, json) in calls)
            await ApiAssert.Error(await b.SendAsync(method, path, json), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        // Another workspace's experiment: start is a 404, search and batch reads see nothing, delete-traces is a 404.
        await ApiAssert.Error(await b.V3(HttpMethod.Post, "traces", TraceTestClient.TraceInfo(TraceTestClient.NewTraceId(), e)), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={e} exists");
        Assert.Equal("{}", (await ApiAssert.Ok(await b.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e)))).GetRawText());
        Assert.Equal("{}", (await ApiAssert.Ok(await b.V3(HttpMethod.Post, "traces/batchGetInfos", $$"""{"trace_ids":["{{id}}"]}"""))).GetRawText());
        await ApiAssert.Error(await b.V3(HttpMethod.Post, "traces/delete-traces", $$"""{"experiment_id":"{{e}}","request_ids":["{{id}}"]}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        // Linking a foreign trace to b's run ignores it.
        var experimentB = await b.Tracking.CreateExperimentAsync();
        var runB = await b.Tracking.CreateRunAsync(experimentB);
        await ApiAssert.Ok(await b.V2(HttpMethod.Post, "traces/link-to-run", $$"""{"trace_ids":["{{id}}"],"run_id":"{{runB}}"}"""));
        Assert.Empty(await a.SearchAsync(e, $$""","filter":"run_id = '{{runB}}'" """));
        Assert.Equal(id, (await a.GetInfoAsync(id)).GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task Python_client_sequence_start_search_feedback_tags_link_delete()
    {
        var (c, e) = await ArrangeAsync();
        var run = await c.Tracking.CreateRunAsync(e);
        var id = TraceTestClient.NewTraceId();
        var info = await c.StartAsync(id, e, $$$""","request_preview":"{\"q\": \"hi\"}","response_preview":"\"hello\"","trace_metadata":{"mlflow.trace_schema.version":"3","mlflow.trace.tokenUsage":"{\"input_tokens\": 3, \"output_tokens\": 4, \"total_tokens\": 7}"},"tags":{"mlflow.traceName":"predict"},"assessments":[{"assessment_name":"early","feedback":{"value":"ok"},"source":{"source_type":"CODE"}}]""");
        Assert.False(TraceTestClient.Map(info, "tags").ContainsKey("mlflow.trace.spansLocation"));
        Assert.Equal("early", Assert.Single(info.GetProperty("assessments").EnumerateArray()).GetProperty("assessment_name").GetString());
        await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces/link-prompts", $$"""{"trace_id":"{{id}}","prompt_versions":[{"name":"p","version":"1"}]}"""));
        await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces/link-prompts", $$"""{"trace_id":"{{id}}","prompt_versions":[{"name":"p","version":"1"},{"name":"q","version":"2"}]}"""));
        Assert.Equal("""[{"name":"p","version":"1"},{"name":"q","version":"2"}]""", TraceTestClient.Map(await c.GetInfoAsync(id), "tags")["mlflow.linkedPrompts"]);
        await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces/link-to-run", $$"""{"trace_ids":["{{id}}"],"run_id":"{{run}}"}"""));
        Assert.Equal([id], await c.SearchAsync(e, $$""","filter":"attribute.run_id = '{{run}}' AND name = 'predict'" """));
        var ids = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"t{i}\""));
        await ApiAssert.Error(await c.V2(HttpMethod.Post, "traces/link-to-run", $$"""{"trace_ids":[{{ids}}],"run_id":"{{run}}"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{id}/assessments", """{"assessment":{"assessment_name":"good","feedback":{"value":5},"source":{"source_type":"HUMAN","source_id":"bob"}}}"""));
        Assert.Equal([id], await c.SearchAsync(e, ""","filter":"feedback.good = '5' AND feedback.early = 'ok'" """));
        await ApiAssert.Ok(await c.V2(HttpMethod.Patch, $"traces/{id}/tags", """{"key":"reviewed","value":"yes"}"""));
        var full = await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/get?trace_id={id}&allow_partial=true"));
        Assert.Equal(0, full.GetProperty("trace").GetProperty("spans").GetArrayLength());
        var artifact = await c.SendAsync(HttpMethod.Get, "/ajax-api/2.0/mlflow/get-trace-artifact");
        await ApiAssert.Error(artifact, HttpStatusCode.BadRequest, "BAD_REQUEST", "Request must include the \"request_id\" query parameter.");
        var deleted = await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces/delete-traces", $$"""{"experiment_id":"{{e}}","request_ids":["{{id}}"]}"""));
        Assert.Equal(1, deleted.GetProperty("traces_deleted").GetInt32());
    }
}

public sealed class TraceApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : TraceApiTests<SqliteDb>(f);

public sealed class TraceApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : TraceApiTests<PostgresDb>(f);

public sealed class TraceApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : TraceApiTests<MySqlDb>(f);
