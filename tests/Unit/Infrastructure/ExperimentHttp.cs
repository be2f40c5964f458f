using System.Net;
using System.Text.Json;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>The experiment calls the isolation suites make over HTTP, in a workspace named per call.</summary>
public sealed class ExperimentHttp(HttpClient client)
{
    private const string Api = "/api/2.0/mlflow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        client.SendAsync(Json(method, url, json, workspace), Ct);

    public Task<HttpResponseMessage> Post(string rpc, string json, string? workspace = null) => Send(HttpMethod.Post, $"{Api}/{rpc}", json, workspace);

    public Task<HttpResponseMessage> Get(string rpcWithQuery, string? workspace = null) => Send(HttpMethod.Get, $"{Api}/{rpcWithQuery}", null, workspace);

    public async Task<string> CreateExperimentAsync(string? workspace, string? name = null)
    {
        var body = await ApiAssert.Ok(await Post("experiments/create", $$"""{"name":"{{name ?? Names.Unique("exp")}}"}""", workspace));
        return body.GetProperty("experiment_id").GetString()!;
    }

    public async Task<JsonElement> GetExperimentAsync(string id, string? workspace) =>
        (await ApiAssert.Ok(await Get($"experiments/get?experiment_id={id}", workspace))).GetProperty("experiment");

    public async Task<string?> IdByNameAsync(string name, string? workspace) =>
        (await ApiAssert.Ok(await Get($"experiments/get-by-name?experiment_name={name}", workspace))).GetProperty("experiment").GetProperty("experiment_id").GetString();

    public static async Task NotFoundAsync(HttpResponseMessage response, string id) =>
        await ApiAssert.Error(response, HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={id} exists");
}
