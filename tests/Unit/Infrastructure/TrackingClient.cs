using System.Text.Json;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>Small helpers that drive the tracking API the way the MLflow client does.</summary>
public sealed class TrackingClient(IApiHost host, string? workspace = null)
{
    private const string Api = "/api/2.0/mlflow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> PostAsync(string rpc, string json) => host.Client.SendAsync(Json(HttpMethod.Post, $"{Api}/{rpc}", json, workspace), Ct);

    public Task<HttpResponseMessage> GetAsync(string rpcWithQuery) => host.Client.SendAsync(Json(HttpMethod.Get, $"{Api}/{rpcWithQuery}", null, workspace), Ct);

    public async Task<string> CreateExperimentAsync(string? name = null)
    {
        var body = await ApiAssert.Ok(await PostAsync("experiments/create", $$"""{"name":"{{name ?? Names.Unique("exp")}}"}"""));
        return body.GetProperty("experiment_id").GetString()!;
    }

    public async Task<string> CreateRunAsync(string experimentId, string extra = "")
    {
        var body = await ApiAssert.Ok(await PostAsync("runs/create", $$"""{"experiment_id":"{{experimentId}}"{{extra}}}"""));
        return body.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    public async Task LogMetricAsync(string runId, string key, string valueJson, long timestamp, long step) =>
        await ApiAssert.Ok(await PostAsync("runs/log-metric", $$"""{"run_id":"{{runId}}","key":"{{key}}","value":{{valueJson}},"timestamp":{{timestamp}},"step":{{step}}}"""));

    public async Task<JsonElement> GetRunAsync(string runId) => (await ApiAssert.Ok(await GetAsync($"runs/get?run_id={runId}"))).GetProperty("run");

    public static Dictionary<string, string?> Pairs(JsonElement parent, string property) =>
        parent.TryGetProperty(property, out var list)
            ? list.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.TryGetProperty("value", out var v) ? v.GetString() : null)
            : [];

    public static Dictionary<string, JsonElement> Metrics(JsonElement run) =>
        run.GetProperty("data").TryGetProperty("metrics", out var list)
            ? list.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!)
            : [];
}

/// <summary>What <see cref="TrackingClient"/> needs of a fixture.</summary>
public interface IApiHost
{
    HttpClient Client { get; }

    IServiceProvider Services { get; }
}
