using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayArrange;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Usage tracking (issue 19 §4, reference mlflow-gateway.md §3.5): a call through an endpoint with an experiment leaves one
/// trace <c>gateway/&lt;endpoint&gt;</c> there, written by the server for a caller who only holds USE on the endpoint; a
/// stream is aggregated into one completion; a provider error is an ERROR trace; no experiment, no trace; and the trace
/// stays in the endpoint's workspace.
/// </summary>
public abstract class GatewayUsageTraceTests<TDb>(ApiFixture<TDb, AuthProfile> api, FakeLlmProvider fake)
    : IClassFixture<ApiFixture<TDb, AuthProfile>>, IClassFixture<FakeLlmProvider>
    where TDb : IDatabaseKind
{
    private const string Password = "pw-123456789";
    private const string ChatBody = """{"messages":[{"role":"user","content":"hi"}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuthClient Admin => new(api.Client, "admin", AuthProfile.AdminPassword);

    [Fact]
    public async Task A_chat_call_leaves_one_trace_in_the_endpoints_experiment_for_a_caller_with_only_use()
    {
        var world = await EndpointAsync(Admin, fake, usageTracking: true);
        var (user, client) = await UserWithUseAsync(world);

        await Ok(await client.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody));

        var trace = await SingleTraceAsync(world);
        var info = trace.GetProperty("trace_info");
        Assert.Equal("OK", info.GetProperty("state").GetString());
        Assert.Equal("gateway/chat", Map(info, "tags")["mlflow.traceName"]);
        var metadata = Map(info, "trace_metadata");
        Assert.Equal(user, metadata["mlflow.auth.username"]);
        Assert.True(long.TryParse(metadata["mlflow.auth.userId"], out _));
        Assert.Equal(world.EndpointId, metadata["mlflow.gateway.endpointId"]);
        AssertTokens(metadata, FakeLlmResponses.OpenAiPromptTokens, FakeLlmResponses.OpenAiCompletionTokens);
        Assert.Contains("\"hi\"", info.GetProperty("request_preview").GetString(), StringComparison.Ordinal);
        Assert.Contains("echo: hi", info.GetProperty("response_preview").GetString(), StringComparison.Ordinal);

        var (root, child) = Spans(trace);
        Assert.Equal("gateway/chat", root.GetProperty("name").GetString());
        Assert.Equal($"\"{world.EndpointId}\"", Attribute(root, "endpoint_id"));
        Assert.Equal("\"chat\"", Attribute(root, "endpoint_name"));
        Assert.Equal("\"LLM\"", Attribute(root, "mlflow.spanType"));
        Assert.Equal("hi", Json(Attribute(root, "mlflow.spanInputs")).GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("echo: hi", Content(Json(Attribute(root, "mlflow.spanOutputs"))));
        Assert.Equal($"model/openai/{world.Model}", child.GetProperty("name").GetString());
        Assert.Equal("\"CHAT_MODEL\"", Attribute(child, "mlflow.spanType"));
        Assert.Equal($"\"{world.Model}\"", Attribute(child, "mlflow.llm.model"));
        Assert.Equal(FakeLlmResponses.OpenAiPromptTokens, Json(Attribute(child, "mlflow.chat.tokenUsage")).GetProperty("input_tokens").GetInt64());
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")] // translated to chat chunks on the way: the trace shows what the client received
    public async Task A_streamed_call_is_traced_as_one_aggregated_completion(string provider)
    {
        var world = await EndpointAsync(Admin, fake, provider: provider, usageTracking: true);
        var (input, output) = provider == "openai"
            ? (FakeLlmResponses.OpenAiPromptTokens, FakeLlmResponses.OpenAiCompletionTokens)
            : (FakeLlmResponses.AnthropicInputTokens, FakeLlmResponses.AnthropicOutputTokens);

        var response = await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations",
            """{"messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("data: ", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var trace = await SingleTraceAsync(world);
        var info = trace.GetProperty("trace_info");
        Assert.Equal("OK", info.GetProperty("state").GetString());
        Assert.Equal("admin", Map(info, "trace_metadata")["mlflow.auth.username"]);
        AssertTokens(Map(info, "trace_metadata"), input, output);
        var completion = Json(Attribute(Spans(trace).Root, "mlflow.spanOutputs"));
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        Assert.Equal(string.Concat(FakeLlmResponses.Pieces), Content(completion));
        Assert.Equal("stop", completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(input + output, completion.GetProperty("usage").GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task A_provider_error_is_an_error_trace()
    {
        var world = await EndpointAsync(Admin, fake, usageTracking: true);
        fake.FailWith(world.Model, 401, """{"error":{"message":"bad key"}}""");

        var response = await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var trace = await SingleTraceAsync(world);
        Assert.Equal("ERROR", trace.GetProperty("trace_info").GetProperty("state").GetString());
        var status = Spans(trace).Root.GetProperty("status");
        Assert.Equal("STATUS_CODE_ERROR", status.GetProperty("code").GetString());
        Assert.Equal("bad key", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Each_model_tried_is_a_span_and_only_the_answering_one_counts_tokens()
    {
        var fallback = Names.Unique("model");
        var world = await EndpointAsync(Admin, fake, fallbackModel: fallback, usageTracking: true);
        fake.RateLimit(world.Model);

        await Ok(await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody));

        var trace = await SingleTraceAsync(world);
        Assert.Equal("OK", trace.GetProperty("trace_info").GetProperty("state").GetString());
        AssertTokens(Map(trace.GetProperty("trace_info"), "trace_metadata"), FakeLlmResponses.OpenAiPromptTokens, FakeLlmResponses.OpenAiCompletionTokens);
        var spans = trace.GetProperty("spans").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(3, spans.Count);
        var limited = spans[$"model/openai/{world.Model}"];
        Assert.Equal("STATUS_CODE_ERROR", limited.GetProperty("status").GetProperty("code").GetString());
        Assert.DoesNotContain(limited.GetProperty("attributes").EnumerateArray(), a => a.GetProperty("key").GetString() == "mlflow.chat.tokenUsage");
        var answered = spans[$"model/openai/{fallback}"];
        Assert.Equal("STATUS_CODE_OK", answered.GetProperty("status").GetProperty("code").GetString());
        Assert.Equal(FakeLlmResponses.OpenAiCompletionTokens, Json(Attribute(answered, "mlflow.chat.tokenUsage")).GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task A_trace_that_cannot_be_written_does_not_fail_the_call()
    {
        var world = await EndpointAsync(Admin, fake, usageTracking: true);
        await Ok(await Admin.In(world.Workspace).PostAsync("/api/2.0/mlflow/experiments/delete", $$"""{"experiment_id":"{{world.ExperimentId}}"}"""));

        var answer = await Ok(await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody));
        Assert.Equal("echo: hi", Content(answer));
        await UsageAsync(world);

        await using var db = api.Db(world.Workspace);
        Assert.False(await db.TraceInfos.AnyAsync(t => t.ExperimentId == long.Parse(world.ExperimentId!), Ct));
    }

    [Fact]
    public async Task Without_usage_tracking_no_trace_is_written()
    {
        var world = await EndpointAsync(Admin, fake);
        Assert.Null(world.ExperimentId);

        await Ok(await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody));
        await UsageAsync(world);

        await using var db = api.Db(world.Workspace);
        var experiments = await db.Experiments.Select(e => e.ExperimentId).ToListAsync(Ct);
        Assert.False(await db.TraceInfos.AnyAsync(t => experiments.Contains(t.ExperimentId), Ct));
    }

    [Fact]
    public async Task The_trace_stays_in_the_endpoints_workspace()
    {
        var world = await EndpointAsync(Admin, fake, usageTracking: true);
        await Ok(await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody));
        var traceId = (await SingleTraceAsync(world)).GetProperty("trace_info").GetProperty("trace_id").GetString();

        var other = Admin.In("default");
        Assert.Equal("{}", (await Ok(await other.PostAsync("/api/3.0/mlflow/traces/search", Locations(world.ExperimentId!)))).GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/3.0/mlflow/traces/get?trace_id={traceId}")).StatusCode);
    }

    /// <summary>A new user holding USE on the endpoint and nothing on its experiment.</summary>
    private async Task<(string User, AuthClient Client)> UserWithUseAsync(GatewayWorld world)
    {
        var user = Names.Unique("u");
        await Ok(await Admin.PostAsync("/api/2.0/mlflow/users/create", $$"""{"username":"{{user}}","password":"{{Password}}"}"""));
        await Ok(await Admin.In(world.Workspace).PostAsync("/api/3.0/mlflow/gateway/endpoints/permissions/create",
            $$"""{"endpoint_id":"{{world.EndpointId}}","username":"{{user}}","permission":"USE"}"""));
        return (user, new AuthClient(api.Client, user, Password));
    }

    /// <summary>
    /// The endpoint's only trace, searched and read through the API in its workspace. The server writes the trace just
    /// before the usage row, after the client has its answer: once the row exists, the trace is there.
    /// </summary>
    private async Task<JsonElement> SingleTraceAsync(GatewayWorld world)
    {
        Assert.NotNull(world.ExperimentId);
        await UsageAsync(world);
        var client = Admin.In(world.Workspace);
        var found = await Ok(await client.PostAsync("/api/3.0/mlflow/traces/search", Locations(world.ExperimentId)));
        var id = Assert.Single(found.GetProperty("traces").EnumerateArray()).GetProperty("trace_id").GetString();
        return (await Ok(await client.GetAsync($"/api/3.0/mlflow/traces/get?trace_id={id}"))).GetProperty("trace");
    }

    private async Task UsageAsync(GatewayWorld world)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = api.Db(world.Workspace);
            if (await db.GatewayUsage.AnyAsync(u => u.EndpointId == world.EndpointId, Ct))
                return;
            Assert.True(attempt < 100, "no usage row after 5 s");
            await Task.Delay(50, Ct);
        }
    }

    private static string Locations(string experimentId) => TraceTestClient.Locations(experimentId);

    private static Dictionary<string, string> Map(JsonElement info, string name) => TraceTestClient.Map(info, name);

    private static (JsonElement Root, JsonElement Child) Spans(JsonElement trace)
    {
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(2, spans.Count);
        var root = Assert.Single(spans, s => !s.TryGetProperty("parent_span_id", out _));
        return (root, Assert.Single(spans, s => s.TryGetProperty("parent_span_id", out _)));
    }

    private static string Attribute(JsonElement span, string key) =>
        span.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("key").GetString() == key)
            .GetProperty("value").GetProperty("string_value").GetString()!;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string? Content(JsonElement completion) =>
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

    private static void AssertTokens(Dictionary<string, string> metadata, long input, long output)
    {
        var usage = Json(metadata["mlflow.trace.tokenUsage"]);
        Assert.Equal((input, output, input + output),
            (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64()));
    }
}

public sealed class GatewayUsageTraceTests_Sqlite(ApiFixture<SqliteDb, AuthProfile> api, FakeLlmProvider fake) : GatewayUsageTraceTests<SqliteDb>(api, fake);

public sealed class GatewayUsageTraceTests_Postgres(ApiFixture<PostgresDb, AuthProfile> api, FakeLlmProvider fake) : GatewayUsageTraceTests<PostgresDb>(api, fake);

public sealed class GatewayUsageTraceTests_MySql(ApiFixture<MySqlDb, AuthProfile> api, FakeLlmProvider fake) : GatewayUsageTraceTests<MySqlDb>(api, fake);
