using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayArrange;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Invoking gateway endpoints through the server (issue 14 §3, reference §3, cases 26–33) against a real provider process:
/// stored keys injected, names resolved per workspace, USE checked after the workspace is known, errors as MLflow writes them.
/// </summary>
public abstract class GatewayInvocationTests<TDb>(ApiFixture<TDb, AuthProfile> api, FakeLlmProvider fake)
    : IClassFixture<ApiFixture<TDb, AuthProfile>>, IClassFixture<FakeLlmProvider>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuthClient Admin => new(api.Client, "admin", AuthProfile.AdminPassword);

    private const string ChatBody = """{"messages":[{"role":"user","content":"hi"}]}""";

    [Fact]
    public async Task Unified_chat_injects_the_stored_key_and_records_usage()
    {
        var world = await EndpointAsync(Admin, fake);

        var answer = await Ok(await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody));

        Assert.Equal("chat.completion", answer.GetProperty("object").GetString());
        var seen = Assert.Single(fake.RequestsFor(world.Model));
        Assert.Equal($"Bearer {FakeLlmProvider.ApiKey}", seen.Headers["authorization"]);
        Assert.Equal(world.Model, seen.Body!["model"]!.GetValue<string>());
        var usage = await UsageAsync(world);
        Assert.Equal((200, "admin", world.DefinitionId), (usage.Status, usage.Caller, usage.ModelDefinitionId));
        Assert.NotNull(usage.PromptTokens);
    }

    [Fact]
    public async Task Unified_embeddings_and_the_passthrough_routes_answer()
    {
        var world = await EndpointAsync(Admin, fake);
        var client = Admin.In(world.Workspace);

        var embeddings = await Ok(await client.PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", """{"input":["a","b"]}"""));
        var chat = await Ok(await client.PostAsync("/gateway/openai/v1/chat/completions", $$"""{"model":"{{world.Endpoint}}","messages":[{"role":"user","content":"x"}]}"""));

        Assert.Equal("list", embeddings.GetProperty("object").GetString());
        Assert.Equal("chat.completion", chat.GetProperty("object").GetString());
        Assert.All(fake.RequestsFor(world.Model), r => Assert.Equal(world.Model, r.Model));
    }

    [Fact]
    public async Task Errors_are_written_as_mlflow_fastapi_writes_them()
    {
        var world = await EndpointAsync(Admin, fake);
        var client = Admin.In(world.Workspace);

        await Detail(await client.PostAsync("/gateway/nope/mlflow/invocations", ChatBody), HttpStatusCode.NotFound,
            """{"detail":{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"GatewayEndpoint not found (name='nope')"}}""");
        await Detail(await Admin.In("default").PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody), HttpStatusCode.NotFound,
            """{"detail":{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"GatewayEndpoint not found (name='chat')"}}""");
        await Detail(await client.PostAsync("/gateway/mlflow/v1/chat/completions", ChatBody), HttpStatusCode.BadRequest,
            """{"detail":"Missing required 'model' parameter in request body"}""");
        await Detail(await client.PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", """{"foo":1}"""), HttpStatusCode.BadRequest,
            """{"detail":"Invalid request: payload format must be either chat or embeddings"}""");
        var notJson = await client.PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.StartsWith("{\"detail\":\"Invalid JSON payload: ", await notJson.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var anonymous = await new AuthClient(api.Client, null, null).In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await Detail(await Admin.In("no-such-ws").PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody), HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task A_provider_error_keeps_its_status_and_message()
    {
        var world = await EndpointAsync(Admin, fake);
        fake.FailWith(world.Model, 401, """{"error":{"message":"bad key"}}""");

        await Detail(await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody), HttpStatusCode.Unauthorized,
            """{"detail":"bad key"}""");
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_502()
    {
        var world = await EndpointAsync(Admin, fake, apiBase: "http://127.0.0.1:1/v1");

        var response = await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task A_rate_limited_primary_falls_back_and_usage_names_the_model_that_answered()
    {
        var fallback = Names.Unique("model");
        var world = await EndpointAsync(Admin, fake, fallbackModel: fallback);
        fake.RateLimit(world.Model);

        await Ok(await Admin.In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", ChatBody));

        Assert.Single(fake.RequestsFor(fallback));
        Assert.NotEqual(world.DefinitionId, (await UsageAsync(world)).ModelDefinitionId);
    }

    [Fact]
    public async Task A_stream_reaches_the_client_while_the_provider_still_holds_the_last_chunk()
    {
        var world = await EndpointAsync(Admin, fake);
        var gate = fake.HoldLastChunk(world.Model);
        var request = HttpTestExtensions.Json(HttpMethod.Post, $"/gateway/{world.Endpoint}/mlflow/invocations",
            """{"messages":[{"role":"user","content":"hi"}],"stream":true}""", world.Workspace);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String("admin:admin-password-123"u8.ToArray()));

        using var response = await api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var first = await reader.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.StartsWith("data: {", first, StringComparison.Ordinal);
        gate.Release();
        Assert.Contains("[DONE]", await reader.ReadToEndAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_stream_cancels_the_provider_call()
    {
        var world = await EndpointAsync(Admin, fake);
        var gate = fake.HoldLastChunk(world.Model);
        var request = HttpTestExtensions.Json(HttpMethod.Post, $"/gateway/{world.Endpoint}/mlflow/invocations",
            """{"messages":[{"role":"user","content":"hi"}],"stream":true}""", world.Workspace);
        request.Headers.Authorization = new("Basic", Convert.ToBase64String("admin:admin-password-123"u8.ToArray()));

        using (var response = await api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
            Assert.StartsWith("data: {", await reader.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct), StringComparison.Ordinal);
        } // the client hangs up while the provider still holds its last event

        await gate.AbortedTask.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(499, (await UsageAsync(world)).Status);
    }

    /// <summary>The call's usage row: written just after the client got its answer, so it may take a moment to appear.</summary>
    private async Task<Workspaces.Data.Entities.GatewayUsage> UsageAsync(GatewayWorld world)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = api.Db(world.Workspace);
            if (await db.GatewayUsage.SingleOrDefaultAsync(u => u.EndpointId == world.EndpointId, Ct) is { } usage)
                return usage;
            Assert.True(attempt < 100, "no usage row after 5 s");
            await Task.Delay(50, Ct);
        }
    }

    private static async Task Detail(HttpResponseMessage response, HttpStatusCode status, string? body)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        if (body is not null)
            Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(body)), JsonSerializer.Serialize(JsonDocument.Parse(text)));
    }
}

public sealed class GatewayInvocationTests_Sqlite(ApiFixture<SqliteDb, AuthProfile> api, FakeLlmProvider fake) : GatewayInvocationTests<SqliteDb>(api, fake);

public sealed class GatewayInvocationTests_Postgres(ApiFixture<PostgresDb, AuthProfile> api, FakeLlmProvider fake) : GatewayInvocationTests<PostgresDb>(api, fake);

public sealed class GatewayInvocationTests_MySql(ApiFixture<MySqlDb, AuthProfile> api, FakeLlmProvider fake) : GatewayInvocationTests<MySqlDb>(api, fake);
