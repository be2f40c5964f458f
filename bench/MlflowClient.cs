using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Workspaces.Bench;

/// <summary>The few REST calls the benchmark makes, in the workspace it seeds.</summary>
internal sealed class MlflowClient(Uri baseAddress, string workspace, AuthenticationHeaderValue? credentials = null) : IDisposable
{
    private readonly HttpClient _http = CreateHttp(baseAddress, workspace, credentials);

    private static HttpClient CreateHttp(Uri baseAddress, string workspace, AuthenticationHeaderValue? credentials)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-MLFLOW-WORKSPACE", workspace);
        http.DefaultRequestHeaders.Authorization = credentials;
        return http;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>
    /// With auth on: a non-admin user with EDIT in the workspace and a personal access token for it, so the measured
    /// requests go through the authorization decisions a data scientist's client would (admins skip them).
    /// </summary>
    public async Task<AuthenticationHeaderValue> CreateEditorTokenAsync(string user)
    {
        const string password = "bench-user-password";
        await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/users/create", $$"""{"username":"{{user}}","password":"{{password}}"}""", null);
        await SendAsync(HttpMethod.Post, $"/api/3.0/mlflow/workspaces/{workspace}/permissions", $$"""{"username":"{{user}}","permission":"EDIT"}""", null);
        var created = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/users/tokens/create", """{"name":"bench"}""", Basic(user, password));
        return new AuthenticationHeaderValue("Bearer", created.GetProperty("token").GetString());
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string url, string json, AuthenticationHeaderValue? caller)
    {
        using var request = new HttpRequestMessage(method, url) { Content = Json(json) };
        request.Headers.Authorization = caller ?? _http.DefaultRequestHeaders.Authorization;
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task CreateWorkspaceAsync()
    {
        using var plain = new HttpClient { BaseAddress = _http.BaseAddress };
        plain.DefaultRequestHeaders.Authorization = _http.DefaultRequestHeaders.Authorization;
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
