using System.Text.Json;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>Model registry calls as the MLflow client makes them.</summary>
public sealed class RegistryClient(IApiHost host, string? workspace = null)
{
    private const string Api = "/api/2.0/mlflow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> PostAsync(string rpc, string json) => SendAsync(HttpMethod.Post, rpc, json);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string rpc, string json) => host.Client.SendAsync(Json(method, $"{Api}/{rpc}", json, workspace), Ct);

    public Task<HttpResponseMessage> GetAsync(string rpcWithQuery) => host.Client.SendAsync(Json(HttpMethod.Get, $"{Api}/{rpcWithQuery}", null, workspace), Ct);

    public async Task<JsonElement> CreateModelAsync(string name, string extra = "") =>
        (await ApiAssert.Ok(await PostAsync("registered-models/create", $$"""{"name":"{{name}}"{{extra}}}"""))).GetProperty("registered_model");

    public async Task<JsonElement> CreateVersionAsync(string name, string source, string extra = "") =>
        (await ApiAssert.Ok(await PostAsync("model-versions/create", $$"""{"name":"{{name}}","source":"{{source}}"{{extra}}}"""))).GetProperty("model_version");
}
