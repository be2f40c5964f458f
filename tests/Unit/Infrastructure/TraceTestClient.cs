using System.Text.Json;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>Drives the trace routes the way the MLflow 3 client does (reference mlflow-tracing.md §5).</summary>
public sealed class TraceTestClient(IApiHost host, string? workspace = null)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public TrackingClient Tracking { get; } = new(host, workspace);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null) =>
        host.Client.SendAsync(Json(method, path, json, workspace), Ct);

    public Task<HttpResponseMessage> V3(HttpMethod method, string rpc, string? json = null) => SendAsync(method, $"/api/3.0/mlflow/{rpc}", json);

    public Task<HttpResponseMessage> V2(HttpMethod method, string rpc, string? json = null) => SendAsync(method, $"/api/2.0/mlflow/{rpc}", json);

    public static string NewTraceId() => "tr-" + Guid.NewGuid().ToString("N");

    /// <summary>A minimal TraceInfoV3 (the reference's <c>TI</c>) with extra JSON members.</summary>
    public static string TraceInfo(string traceId, string experimentId, string extra = "", string requestTime = "2026-01-01T00:00:00Z",
        string duration = "1s", string state = "OK") =>
        $$$"""{"trace":{"trace_info":{"trace_id":"{{{traceId}}}","trace_location":{"type":"MLFLOW_EXPERIMENT","mlflow_experiment":{"experiment_id":"{{{experimentId}}}"}},"request_time":"{{{requestTime}}}","execution_duration":"{{{duration}}}","state":"{{{state}}}" """.TrimEnd() + extra + "}}}";

    public async Task<JsonElement> StartAsync(string traceId, string experimentId, string extra = "", string requestTime = "2026-01-01T00:00:00Z",
        string duration = "1s", string state = "OK") =>
        (await ApiAssert.Ok(await V3(HttpMethod.Post, "traces", TraceInfo(traceId, experimentId, extra, requestTime, duration, state))))
            .GetProperty("trace").GetProperty("trace_info");

    public async Task<JsonElement> GetInfoAsync(string traceId) =>
        (await ApiAssert.Ok(await V3(HttpMethod.Get, $"traces/{traceId}"))).GetProperty("trace").GetProperty("trace_info");

    public async Task<List<string>> SearchAsync(string experimentId, string extra = "")
    {
        var body = await ApiAssert.Ok(await V3(HttpMethod.Post, "traces/search", Locations(experimentId, extra)));
        return body.TryGetProperty("traces", out var traces) ? traces.EnumerateArray().Select(t => t.GetProperty("trace_id").GetString()!).ToList() : [];
    }

    public static string Locations(string experimentId, string extra = "") =>
        $$$"""{"locations":[{"type":"MLFLOW_EXPERIMENT","mlflow_experiment":{"experiment_id":"{{{experimentId}}}"}}]""" + extra + "}";

    public static Dictionary<string, string> Map(JsonElement info, string name) =>
        info.TryGetProperty(name, out var map) ? map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!) : [];
}
