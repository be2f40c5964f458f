using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.GatewayArrange;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The official OpenAI .NET client against the gateway (issue 14, tests): chat, streaming and embeddings on the
/// <c>/gateway/mlflow/v1</c> and <c>/gateway/openai/v1</c> routes, the workspace in <c>X-MLFLOW-WORKSPACE</c> and a
/// personal access token of this server as the client's API key. Also who may invoke: USE, not READ.
/// </summary>
public sealed class GatewayOpenAiClientTests(ApiFixture<SqliteDb, AuthProfile> api, FakeLlmProvider fake)
    : IClassFixture<ApiFixture<SqliteDb, AuthProfile>>, IClassFixture<FakeLlmProvider>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuthClient Admin => new(api.Client, "admin", AuthProfile.AdminPassword);

    [Fact]
    public async Task Chat_streaming_and_embeddings_through_the_official_client()
    {
        var world = await EndpointAsync(Admin, fake);
        var token = await TokenAsync(Admin);

        var chat = Options(world.Workspace, "gateway/mlflow/v1");
        var completion = await new ChatClient(world.Endpoint, new ApiKeyCredential(token), chat).CompleteChatAsync([new UserChatMessage("hello")], cancellationToken: Ct);
        Assert.False(string.IsNullOrEmpty(completion.Value.Content[0].Text));

        var streamed = new List<string>();
        await foreach (var update in new ChatClient(world.Endpoint, new ApiKeyCredential(token), chat).CompleteChatStreamingAsync([new UserChatMessage("hello")], cancellationToken: Ct))
            streamed.AddRange(update.ContentUpdate.Select(p => p.Text));
        Assert.NotEmpty(string.Concat(streamed));

        var openai = Options(world.Workspace, "gateway/openai/v1");
        var embedding = await new EmbeddingClient(world.Endpoint, new ApiKeyCredential(token), openai).GenerateEmbeddingAsync("hello", cancellationToken: Ct);
        Assert.NotEmpty(embedding.Value.ToFloats().ToArray());
        var passthrough = await new ChatClient(world.Endpoint, new ApiKeyCredential(token), openai).CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Ct);
        Assert.False(string.IsNullOrEmpty(passthrough.Value.Content[0].Text));

        Assert.All(fake.RequestsFor(world.Model), r => Assert.Equal($"Bearer {FakeLlmProvider.ApiKey}", r.Headers["authorization"]));
    }

    [Fact]
    public async Task Use_invokes_read_is_refused_and_no_grant_does_not_see_the_endpoint()
    {
        var world = await EndpointAsync(Admin, fake);
        var (user, reader, stranger) = (Names.Unique("u"), Names.Unique("r"), Names.Unique("s"));
        foreach (var name in new[] { user, reader, stranger })
            await Ok(await Admin.PostAsync("/api/2.0/mlflow/users/create", $$"""{"username":"{{name}}","password":"pw-123456789"}"""));
        // The user holds USE on the endpoint only, nothing on the workspace (MLflow up to 3.14 answers 403, #24365).
        await Ok(await Admin.In(world.Workspace).PostAsync("/api/3.0/mlflow/gateway/endpoints/permissions/create",
            $$"""{"endpoint_id":"{{world.EndpointId}}","username":"{{user}}","permission":"USE"}"""));
        await Ok(await Admin.In(null).PostAsync($"/api/3.0/mlflow/workspaces/{world.Workspace}/permissions", $$"""{"username":"{{reader}}","permission":"READ"}"""));
        const string body = """{"messages":[{"role":"user","content":"hi"}]}""";

        var used = await new AuthClient(api.Client, user, "pw-123456789").In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", body);
        var read = await new AuthClient(api.Client, reader, "pw-123456789").In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", body);
        var unseen = await new AuthClient(api.Client, stranger, "pw-123456789").In(world.Workspace).PostAsync($"/gateway/{world.Endpoint}/mlflow/invocations", body);

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("Permission denied", await read.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, unseen.StatusCode);
    }

    /// <summary>The client pointed at the in-process server (its transport), naming the workspace on every request.</summary>
    private OpenAIClientOptions Options(string workspace, string route)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(api.Client.BaseAddress!, route), Transport = new HttpClientPipelineTransport(api.Client) };
        options.AddPolicy(new WorkspaceHeader(workspace), PipelinePosition.PerCall);
        return options;
    }

    private static async Task<string> TokenAsync(AuthClient client)
    {
        var created = await Ok(await client.PostAsync("/api/2.0/mlflow/users/tokens/create", $$"""{"name":"{{Names.Unique("t")}}"}"""));
        return created.GetProperty("token").GetString()!;
    }

    /// <summary>How an OpenAI client names the workspace: one extra header on every request.</summary>
    private sealed class WorkspaceHeader(string workspace) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("X-MLFLOW-WORKSPACE", workspace);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("X-MLFLOW-WORKSPACE", workspace);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
