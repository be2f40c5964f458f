using System.Net;
using System.Text;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Fuzz;

/// <summary>
/// The real things fuzzed requests point at part of the time: a workspace with an experiment, a run with metrics,
/// params, tags and an artifact, a registered model with a version, a logged model, a user. Requests delete and
/// rename them, so <see cref="SeedAsync"/> runs again every few hundred requests with fresh names.
/// </summary>
public sealed class FuzzWorld
{
    public const string Workspace = "fuzz-ws";

    public string VictimWorkspace { get; private set; } = "";

    public string ExperimentId { get; private set; } = "";

    public string ExperimentName { get; private set; } = "";

    public string RunId { get; private set; } = "";

    public string ModelName { get; private set; } = "";

    public string LoggedModelId { get; private set; } = "";

    public string Username { get; private set; } = "";

    public long TokenId { get; private set; }

    /// <summary>
    /// The admin's personal access token, the credential most fuzzed requests carry: Basic costs a PBKDF2 verification
    /// (tens of milliseconds) per request, which would blow the time budget; a share of requests still use Basic.
    /// </summary>
    public string AdminBearer { get; private set; } = "";

    public const string MetricKey = "m1";

    public const string ArtifactFile = "dir/file.txt";

    /// <summary>Creates the main workspace (first time) and a fresh set of entities in it.</summary>
    public async Task SeedAsync(HttpClient http, CancellationToken ct)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var admin = new Sender(http, ct);
        await admin.SendAsync(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{Workspace}}"}""", null, HttpStatusCode.Created, HttpStatusCode.BadRequest);
        VictimWorkspace = $"fuzz-victim-{suffix}";
        await admin.SendAsync(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{VictimWorkspace}}"}""", null, HttpStatusCode.Created);
        ExperimentName = $"fuzz-exp-{suffix}";
        ExperimentId = (await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", $$"""{"name":"{{ExperimentName}}"}"""))
            .GetProperty("experiment_id").GetString()!;
        RunId = (await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/create", $$"""{"experiment_id":"{{ExperimentId}}"}"""))
            .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-batch", $$"""
            {"run_id":"{{RunId}}","metrics":[{"key":"{{MetricKey}}","value":1.5,"timestamp":1,"step":0},{"key":"{{MetricKey}}","value":2.5,"timestamp":2,"step":1}],
             "params":[{"key":"p1","value":"v1"}],"tags":[{"key":"t1","value":"v1"}]}
            """);
        using (var upload = new HttpRequestMessage(HttpMethod.Post, $"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={RunId}&path={ArtifactFile}"))
        {
            upload.Content = new ByteArrayContent("hello"u8.ToArray());
            upload.Headers.TryAddWithoutValidation("X-MLFLOW-WORKSPACE", Workspace);
            await admin.SendAsync(upload);
        }
        ModelName = $"fuzz-model-{suffix}";
        await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", $$"""{"name":"{{ModelName}}","tags":[{"key":"t1","value":"v"}]}""");
        // A source inside this workspace's own server tree: earlier fuzz requests may have given another workspace the
        // default root "mlflow-artifacts:/x", which would make a bare "mlflow-artifacts:/x" source another team's location.
        await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create",
            $$"""{"name":"{{ModelName}}","source":"mlflow-artifacts:/workspaces/{{Workspace}}/x","run_id":"{{RunId}}"}""");
        await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", $$"""{"name":"{{ModelName}}","alias":"champion","version":"1"}""");
        LoggedModelId = (await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models",
            $$"""{"experiment_id":"{{ExperimentId}}","name":"lm","source_run_id":"{{RunId}}","params":[{"key":"p","value":"1"}]}"""))
            .GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;
        Username = $"fuzz-user-{suffix}";
        await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/users/create", $$"""{"username":"{{Username}}","password":"fuzz-password-123"}""");
        await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/permissions/create",
            $$"""{"experiment_id":"{{ExperimentId}}","username":"{{Username}}","permission":"READ"}""");
        TokenId = (await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/users/tokens/create", """{"name":"fuzz-target"}"""))
            .GetProperty("token_info").GetProperty("id").GetInt64();
        AdminBearer = "Bearer " + (await admin.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/users/tokens/create", """{"name":"fuzz-auth"}"""))
            .GetProperty("token").GetString();
    }

    /// <summary>The admin's Basic credentials (AuthProfile), the header most fuzzed requests carry.</summary>
    public static string AdminBasic { get; } = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AuthProfile.AdminPassword}"));

    private sealed class Sender(HttpClient http, CancellationToken ct)
    {
        public async Task<JsonElement> SendAsync(HttpMethod method, string url, string? json, string? workspace = Workspace,
            params HttpStatusCode[] accepted)
        {
            using var request = new HttpRequestMessage(method, url);
            if (json is not null)
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            if (workspace is not null)
                request.Headers.TryAddWithoutValidation("X-MLFLOW-WORKSPACE", workspace);
            return await SendAsync(request, accepted);
        }

        public async Task<JsonElement> SendAsync(HttpRequestMessage request, params HttpStatusCode[] accepted)
        {
            request.Headers.TryAddWithoutValidation("Authorization", AdminBasic);
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var ok = accepted.Length == 0 ? response.IsSuccessStatusCode : accepted.Contains(response.StatusCode);
            if (!ok)
                throw new InvalidOperationException($"Seeding {request.Method} {request.RequestUri} failed: {(int)response.StatusCode} {body}");
            return body.Length == 0 || !response.IsSuccessStatusCode ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
