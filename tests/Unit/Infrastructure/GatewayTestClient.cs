using System.Text.Json;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// AI Gateway management calls (<c>/api/3.0/mlflow/gateway/…</c>) in one workspace, as one caller. Every response body
/// is kept, shared by the clients <see cref="In"/> derives, so a test can check no API key ever came back in clear.
/// </summary>
public sealed class GatewayTestClient
{
    public const string Key = "sk-abcdefghij1234";
    public const string Masked = "sk-...1234";

    private readonly Func<string?, HttpMethod, string, string?, Task<HttpResponseMessage>> _send;
    private readonly string? _workspace;
    private readonly string _prefix;
    private readonly List<string> _bodies;

    private GatewayTestClient(Func<string?, HttpMethod, string, string?, Task<HttpResponseMessage>> send, string? workspace, string prefix, List<string> bodies) =>
        (_send, _workspace, _prefix, _bodies) = (send, workspace, prefix, bodies);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Without credentials (auth off), on a fixture.</summary>
    public static GatewayTestClient For(IApiHost host, string? workspace, string prefix = "/api/3.0") =>
        new((ws, method, url, json) => host.Client.SendAsync(Json(method, url, json, ws), Ct), workspace, prefix, []);

    /// <summary>As the user of <paramref name="client"/>.</summary>
    public static GatewayTestClient For(AuthClient client, string? workspace, string prefix = "/api/3.0") =>
        new((ws, method, url, json) => client.In(ws).SendAsync(method, url, json), workspace, prefix, []);

    public GatewayTestClient In(string? workspace) => new(_send, workspace, _prefix, _bodies);

    /// <summary>The same caller and workspace under another prefix (<c>/ajax-api/3.0</c>).</summary>
    public GatewayTestClient Under(string prefix) => new(_send, _workspace, prefix, _bodies);

    public IReadOnlyList<string> Bodies => _bodies;

    /// <summary>Creates a workspace unique to the test (as this caller) and returns a client bound to it.</summary>
    public async Task<GatewayTestClient> NewWorkspaceAsync(string prefix = "gw")
    {
        var name = Names.Unique(prefix);
        await ApiAssert.Ok(await _send(null, HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{name}}"}"""), System.Net.HttpStatusCode.Created);
        return In(name);
    }

    public string Workspace => _workspace ?? Workspaces.Data.Common.WorkspaceNames.Default;

    /// <summary>Any other MLflow route, in this client's workspace (experiments, workspaces).</summary>
    public Task<HttpResponseMessage> RawAsync(HttpMethod method, string url, string? json = null) => _send(_workspace, method, url, json);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string rpc, string? json)
    {
        var response = await _send(_workspace, method, $"{_prefix}/mlflow/gateway/{rpc}", json);
        await response.Content.LoadIntoBufferAsync(Ct);
        _bodies.Add(await response.Content.ReadAsStringAsync(Ct));
        return response;
    }

    public Task<HttpResponseMessage> PostAsync(string rpc, string json) => SendAsync(HttpMethod.Post, rpc, json);

    public Task<HttpResponseMessage> GetAsync(string rpcWithQuery) => SendAsync(HttpMethod.Get, rpcWithQuery, null);

    public Task<HttpResponseMessage> DeleteAsync(string rpc, string json) => SendAsync(HttpMethod.Delete, rpc, json);

    public Task<HttpResponseMessage> PatchAsync(string rpc, string json) => SendAsync(new HttpMethod("PATCH"), rpc, json);

    public async Task<JsonElement> CreateSecretAsync(string name, string key = Key, string extra = "") =>
        (await ApiAssert.Ok(await PostAsync("secrets/create", $$"""{"secret_name":"{{name}}","secret_value":{"api_key":"{{key}}"},"provider":"openai"{{extra}}}""")))
        .GetProperty("secret");

    public async Task<JsonElement> CreateDefinitionAsync(string name, string secretId, string model = "gpt-4o") =>
        (await ApiAssert.Ok(await PostAsync("model-definitions/create",
            $$"""{"name":"{{name}}","secret_id":"{{secretId}}","provider":"openai","model_name":"{{model}}"}"""))).GetProperty("model_definition");

    /// <summary>An endpoint mapping each definition as PRIMARY; usage tracking off unless asked (it makes an experiment).</summary>
    public async Task<JsonElement> CreateEndpointAsync(string name, IEnumerable<string> definitionIds, bool usageTracking = false)
    {
        var configs = string.Join(",", definitionIds.Select(d => $$"""{"model_definition_id":"{{d}}","linkage_type":"PRIMARY"}"""));
        var json = $$"""{"name":"{{name}}","model_configs":[{{configs}}],"usage_tracking":{{(usageTracking ? "true" : "false")}}}""";
        return (await ApiAssert.Ok(await PostAsync("endpoints/create", json))).GetProperty("endpoint");
    }

    /// <summary>A key, a definition using it and an endpoint mapping the definition: (secret, definition, endpoint) ids.</summary>
    public async Task<(string Secret, string Definition, string Endpoint)> ChainAsync(string suffix, bool usageTracking = false)
    {
        var secret = Id(await CreateSecretAsync($"k-{suffix}"), "secret_id");
        var definition = Id(await CreateDefinitionAsync($"m-{suffix}", secret), "model_definition_id");
        var endpoint = Id(await CreateEndpointAsync($"e-{suffix}", [definition], usageTracking), "endpoint_id");
        return (secret, definition, endpoint);
    }

    public static string Id(JsonElement entity, string field) => entity.GetProperty(field).GetString()!;

    public static List<string> Ids(JsonElement body, string list, string field) =>
        body.TryGetProperty(list, out var items) ? items.EnumerateArray().Select(e => Id(e, field)).ToList() : [];

    /// <summary>No response seen by this client (or its siblings) carried <paramref name="plaintext"/>.</summary>
    public void AssertNeverReturned(string plaintext)
    {
        Assert.NotEmpty(_bodies);
        Assert.All(_bodies, body => Assert.DoesNotContain(plaintext, body, StringComparison.Ordinal));
    }
}
