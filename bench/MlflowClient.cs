using System.Text;
using System.Text.Json;

namespace Workspaces.Bench;

/// <summary>The few REST calls the benchmark makes, in the workspace it seeds.</summary>
internal sealed class MlflowClient(Uri baseAddress, string workspace) : IDisposable
{
    private readonly HttpClient _http = CreateHttp(baseAddress, workspace);

    private static HttpClient CreateHttp(Uri baseAddress, string workspace)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-MLFLOW-WORKSPACE", workspace);
        return http;
    }

    public async Task CreateWorkspaceAsync()
    {
        using var plain = new HttpClient { BaseAddress = _http.BaseAddress };
        var response = await plain.PostAsync("/api/3.0/mlflow/workspaces", Json($$"""{"name":"{{workspace}}"}"""));
        if (!response.IsSuccessStatusCode && (int)response.StatusCode != 400)
            throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
    }

    public async Task<string> CreateExperimentAsync(string name) =>
        (await PostAsync("experiments/create", $$"""{"name":"{{name}}"}""")).GetProperty("experiment_id").GetString()!;

    public async Task<string> CreateRunAsync(string experimentId, long startTime) =>
        (await PostAsync("runs/create", $$"""{"experiment_id":"{{experimentId}}","start_time":{{startTime}}}"""))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;

    public Task LogBatchAsync(string runId, string metricsJson, string paramsJson = "[]") =>
        PostAsync("runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":{{metricsJson}},"params":{{paramsJson}}}""");

    public async Task<int> SearchAsync(string experimentId, string filter, string orderBy, int maxResults)
    {
        var body = await PostAsync("runs/search",
            $$"""{"experiment_ids":["{{experimentId}}"],"filter":{{JsonSerializer.Serialize(filter)}},"order_by":[{{JsonSerializer.Serialize(orderBy)}}],"max_results":{{maxResults}}}""");
        return body.TryGetProperty("runs", out var runs) ? runs.GetArrayLength() : 0;
    }

    public async Task<int> HistoryAsync(string runId, string key)
    {
        using var response = await _http.GetAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key={key}");
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(stream);
        return doc.RootElement.TryGetProperty("metrics", out var metrics) ? metrics.GetArrayLength() : 0;
    }

    private async Task<JsonElement> PostAsync(string rpc, string json)
    {
        using var response = await _http.PostAsync($"/api/2.0/mlflow/{rpc}", Json(json));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{rpc}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A JSON array of <paramref name="count"/> metric points of one key, steps from <paramref name="firstStep"/>.</summary>
    public static string Metrics(string key, int count, long firstStep, long timestamp)
    {
        var sb = new StringBuilder(count * 64).Append('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                sb.Append(',');
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"key":"{{key}}","value":{{Random.Shared.NextDouble()}},"timestamp":{{timestamp + i}},"step":{{firstStep + i}}}""");
        }
        return sb.Append(']').ToString();
    }

    public void Dispose() => _http.Dispose();
}
