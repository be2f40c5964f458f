using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// One request the fake provider received, as it arrived (header names lower-cased). <c>Model</c> is the body's
/// <c>model</c>, or the deployment for Azure paths: the key modes are looked up by.
/// </summary>
public sealed record SeenRequest(string Path, string Query, IReadOnlyDictionary<string, string> Headers, JsonObject? Body, string Model);

/// <summary>
/// A real LLM provider over HTTP for the gateway tests: Kestrel on a free loopback port speaking OpenAI
/// (<c>/v1/chat/completions</c>, <c>/v1/embeddings</c>), Azure OpenAI (<c>/openai/deployments/{d}/…</c>) and Anthropic
/// (<c>/v1/messages</c>), plain and streaming. It checks the injected credentials like the real services, records every
/// request, and misbehaves on request. Modes are keyed by model name (deployment for Azure), so tests sharing one
/// fake each use their own model names and cannot disturb one another.
/// </summary>
public sealed class FakeLlmProvider : IAsyncLifetime
{
    public const string ApiKey = "sk-fake-provider-key-1234";

    private readonly ConcurrentQueue<SeenRequest> _seen = new();
    private readonly ConcurrentDictionary<string, FakeMode> _modes = new(StringComparer.Ordinal);
    private WebApplication? _app;

    /// <summary>http://127.0.0.1:port, the Azure <c>api_base</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The <c>api_base</c> for OpenAI and Anthropic targets (their real bases end in /v1 too).</summary>
    public string V1 => BaseUrl + "/v1";

    /// <summary>The client the tests call through: one per fixture, like the one the server shares.</summary>
    public HttpClient Http { get; } = Workspaces.Data.Gateway.Providers.ProviderClient.CreateHttpClient();

    public IReadOnlyList<SeenRequest> RequestsFor(string model) => _seen.Where(r => r.Model == model).ToList();

    /// <summary>Answer calls for <paramref name="model"/> with this status and body (JSON content type).</summary>
    public void FailWith(string model, int status, string body) => _modes[model] = new FakeMode.Fail(status, body);

    /// <summary>Answer calls for <paramref name="model"/> with OpenAI's 429.</summary>
    public void RateLimit(string model) =>
        FailWith(model, 429, """{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}""");

    /// <summary>Anthropic streams for <paramref name="model"/> start, then send Anthropic's <c>overloaded_error</c> event and end.</summary>
    public void OverloadMidStream(string model) => _modes[model] = new FakeMode.Overloaded();

    /// <summary>Never answer calls for <paramref name="model"/>; the handle tells when a call arrived and when its client went away.</summary>
    public FakeSignals Stall(string model)
    {
        var signals = new FakeSignals();
        _modes[model] = new FakeMode.Stall(signals);
        return signals;
    }

    /// <summary>Streams for <paramref name="model"/> stop before their last event until <see cref="FakeSignals.Release"/>.</summary>
    public FakeSignals HoldLastChunk(string model)
    {
        var signals = new FakeSignals();
        _modes[model] = new FakeMode.Gate(signals);
        return signals;
    }

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", http => HandleAsync(http, FakeApi.OpenAiChat, null));
        app.MapPost("/v1/embeddings", http => HandleAsync(http, FakeApi.OpenAiEmbeddings, null));
        app.MapPost("/v1/messages", http => HandleAsync(http, FakeApi.AnthropicMessages, null));
        app.MapPost("/openai/deployments/{deployment}/chat/completions",
            (HttpContext http, string deployment) => HandleAsync(http, FakeApi.OpenAiChat, deployment));
        app.MapPost("/openai/deployments/{deployment}/embeddings",
            (HttpContext http, string deployment) => HandleAsync(http, FakeApi.OpenAiEmbeddings, deployment));
        await app.StartAsync();
        _app = app;
        BaseUrl = app.Urls.Single().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http, FakeApi api, string? deployment)
    {
        var ct = http.RequestAborted;
        var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync(ct)) as JsonObject;
        var model = deployment ?? (body?["model"] is JsonValue m && m.TryGetValue<string>(out var name) ? name : "");
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        _seen.Enqueue(new SeenRequest(http.Request.Path, http.Request.QueryString.Value ?? "", headers, body, model));

        if (CredentialError(http.Request, api, deployment is not null) is { } refusal)
        {
            await FakeLlmResponses.JsonAsync(http, 401, refusal);
            return;
        }
        var mode = _modes.GetValueOrDefault(model);
        switch (mode)
        {
            case FakeMode.Fail fail:
                await FakeLlmResponses.JsonAsync(http, fail.Status, fail.Body);
                return;
            case FakeMode.Stall stall:
                stall.Signals.Arrived();
                await FakeLlmResponses.UntilAbortedAsync(stall.Signals, ct);
                return;
        }
        var gate = (mode as FakeMode.Gate)?.Signals;
        gate?.Arrived();
        var stream = body?["stream"] is JsonValue s && s.TryGetValue<bool>(out var on) && on;
        var includeUsage = body?["stream_options"]?["include_usage"] is JsonValue u && u.TryGetValue<bool>(out var inc) && inc;
        var task = (api, stream) switch
        {
            (FakeApi.OpenAiEmbeddings, _) => FakeLlmResponses.JsonAsync(http, 200, FakeLlmResponses.Embeddings(body, model)),
            (FakeApi.OpenAiChat, false) => FakeLlmResponses.JsonAsync(http, 200, FakeLlmResponses.OpenAiCompletion(body, model)),
            (FakeApi.OpenAiChat, true) => FakeLlmResponses.OpenAiStreamAsync(http, model, includeUsage, gate),
            (FakeApi.AnthropicMessages, false) => FakeLlmResponses.JsonAsync(http, 200, FakeLlmResponses.AnthropicMessage(body, model)),
            _ => FakeLlmResponses.AnthropicStreamAsync(http, model, gate, overloaded: mode is FakeMode.Overloaded),
        };
        await task;
    }

    /// <summary>The real services' refusal when a credential is missing or wrong; null when the call is authorised.</summary>
    private static string? CredentialError(HttpRequest request, FakeApi api, bool azure)
    {
        var bearer = request.Headers.Authorization.ToString() == "Bearer " + ApiKey;
        if (api == FakeApi.AnthropicMessages)
            return request.Headers["x-api-key"].ToString() == ApiKey && request.Headers.ContainsKey("anthropic-version")
                ? null
                : """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""";
        var ok = azure ? (request.Headers["api-key"].ToString() == ApiKey || bearer) && request.Query.ContainsKey("api-version") : bearer;
        return ok ? null : """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""";
    }
}

/// <summary>What a test can observe of, and do to, calls held by the fake.</summary>
public sealed class FakeSignals
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a call for the model reached the fake.</summary>
    public Task ArrivedTask => _arrived.Task;

    /// <summary>Completes when the client of a held call went away (cancelled, timed out, or disposed the body).</summary>
    public Task AbortedTask => _aborted.Task;

    public void Release() => _release.TrySetResult();

    internal Task Released => _release.Task;

    internal void Arrived() => _arrived.TrySetResult();

    internal void Aborted() => _aborted.TrySetResult();
}

internal enum FakeApi
{
    OpenAiChat,
    OpenAiEmbeddings,
    AnthropicMessages,
}

internal abstract record FakeMode
{
    public sealed record Fail(int Status, string Body) : FakeMode;

    public sealed record Stall(FakeSignals Signals) : FakeMode;

    public sealed record Gate(FakeSignals Signals) : FakeMode;

    public sealed record Overloaded : FakeMode;
}
