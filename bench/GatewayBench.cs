using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Workspaces.Bench;

/// <summary>
/// The AI Gateway's own cost: the same chat request sent straight to a stand-in provider and through the gateway (endpoint
/// lookup, key decryption, relay, usage row), sequentially, so the difference of the medians is what the gateway adds.
/// Streaming: time to the first event, direct and through the gateway.
/// </summary>
internal static class GatewayBench
{
    private const string Answer = """{"id":"c-1","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    public static async Task<List<string>> RunAsync(Uri server, string backend, int calls)
    {
        await using var provider = await StartProviderAsync();
        var providerBase = provider.Urls.First();
        using (var plain = new HttpClient { BaseAddress = server })
            await Post(plain, "/api/3.0/mlflow/workspaces", """{"name":"bench-gw"}""", allowFail: true); // no header: the workspace is new
        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server };
        http.DefaultRequestHeaders.Add("X-MLFLOW-WORKSPACE", "bench-gw");
        var secret = await Post(http, "/api/3.0/mlflow/gateway/secrets/create", JsonSerializer.Serialize(new
        {
            secret_name = "k", secret_value = new { api_key = "sk-bench-000000" }, provider = "openai", auth_config = new { api_base = $"{providerBase}/v1" },
        }));
        var definition = await Post(http, "/api/3.0/mlflow/gateway/model-definitions/create",
            $$"""{"name":"d","secret_id":"{{secret.GetProperty("secret").GetProperty("secret_id").GetString()}}","provider":"openai","model_name":"m"}""");
        await Post(http, "/api/3.0/mlflow/gateway/endpoints/create", JsonSerializer.Serialize(new
        {
            name = "chat", usage_tracking = false,
            model_configs = new[] { new { model_definition_id = definition.GetProperty("model_definition").GetProperty("model_definition_id").GetString(), linkage_type = "PRIMARY" } },
        }));

        using var direct = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(providerBase) };
        const string chat = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
        var directTimes = await TimeAsync(calls, () => Post(direct, "/v1/chat/completions", chat));
        var gatewayTimes = await TimeAsync(calls, () => Post(http, "/gateway/chat/mlflow/invocations", """{"messages":[{"role":"user","content":"hi"}]}"""));
        const string stream = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
        var directFirst = await TimeAsync(calls / 4, () => FirstEventAsync(direct, "/v1/chat/completions", stream));
        var gatewayFirst = await TimeAsync(calls / 4, () => FirstEventAsync(http, "/gateway/chat/mlflow/invocations",
            """{"stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        return
        [
            $"| {backend} | gateway chat, {calls:N0} sequential calls: direct to the provider / through the gateway | p50 {P(directTimes, 50):F2} / {P(gatewayTimes, 50):F2} ms "
                + $"(overhead {P(gatewayTimes, 50) - P(directTimes, 50):F2} ms; p95 {P(directTimes, 95):F2} / {P(gatewayTimes, 95):F2} ms) |",
            $"| {backend} | gateway streaming, time to first event: direct / through the gateway | p50 {P(directFirst, 50):F2} / {P(gatewayFirst, 50):F2} ms "
                + $"(overhead {P(gatewayFirst, 50) - P(directFirst, 50):F2} ms) |",
        ];
    }

    private static async Task<List<double>> TimeAsync(int calls, Func<Task> call)
    {
        for (var i = 0; i < 50; i++)
            await call(); // warm-up: JIT, connection pools, the gateway's key cache
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static double P(List<double> times, int percentile)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, sorted.Count * percentile / 100)];
    }

    private static async Task<JsonElement> Post(HttpClient http, string url, string json, bool allowFail = false)
    {
        using var response = await http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && !allowFail)
            throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {text}");
        return text.Length == 0 || text[0] != '{' ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task FirstEventAsync(HttpClient http, string url, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        if (await reader.ReadLineAsync() is not { } line || !line.StartsWith("data:", StringComparison.Ordinal))
            throw new InvalidOperationException($"{url}: no event ({(int)response.StatusCode})");
    }

    /// <summary>A provider that answers at once: chat JSON, or a stream whose first event goes out before a 50 ms pause.</summary>
    private static async Task<WebApplication> StartProviderAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body);
            if (!doc.RootElement.TryGetProperty("stream", out var s) || !s.GetBoolean())
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Answer);
                return;
            }
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n");
            await context.Response.Body.FlushAsync();
            await Task.Delay(50);
            await context.Response.WriteAsync("data: [DONE]\n\n");
        });
        await app.StartAsync();
        return app;
    }
}
