using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Every traversal form is a 400 <c>Invalid path</c> wherever a path enters (route, <c>path</c> query, UI upload),
/// and nothing reaches the disk; plus the model-version and logged-model file endpoints.
/// </summary>
public abstract class ArtifactSafetyTests<TDb>(ApiFixture<TDb, SafetyArtifactsProfile<TDb>> fixture) : IClassFixture<ApiFixture<TDb, SafetyArtifactsProfile<TDb>>>
    where TDb : IDatabaseKind
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ArtifactClient _http = new(fixture);

    /// <summary>Query-string forms: the server sees them exactly as sent.</summary>
    public static TheoryData<string> QueryForms => new()
    {
        "..", "../x", "a/../../x", "%2e%2e%2fx", "%252e%252e%252fx", "%25252e%25252e/x", "/etc/passwd", "%2fetc%2fpasswd",
        "file:///etc/passwd", "C:/Windows/win.ini", "a%5c..%5c..%5cx", "%5c%5cserver%5cshare", "a%00b", "a%0d%0ab", "a%23b",
    };

    /// <summary>Route forms: single-encoded dots are normalised by the URL stack, so these use the encodings that survive.</summary>
    public static TheoryData<string> RouteForms => new()
    {
        "%252e%252e/%252e%252e/x", "%25252e%25252e/x", "a%5c..%5c..%5cx", "x%23y", "C:%5cWindows", "%252fetc%252fpasswd",
    };

    private async Task<(string Ws, string Run, string Root)> RunAsync()
    {
        var ws = Names.Unique("safe");
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), Ct), HttpStatusCode.Created);
        var tracking = new TrackingClient(fixture, ws);
        var run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
        var uri = (await tracking.GetRunAsync(run)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        return (ws, run, uri["mlflow-artifacts:/".Length..]);
    }

    // "/etc/passwd" is only absolute at the start: below a root it is the harmless "root/etc/passwd".
    private static bool AbsoluteOnly(string form) => !form.Contains("2e", StringComparison.OrdinalIgnoreCase) && !form.Contains("..", StringComparison.Ordinal)
        && !form.Contains("%5c", StringComparison.OrdinalIgnoreCase) && !form.Contains("%0", StringComparison.Ordinal) && !form.Contains("23", StringComparison.Ordinal);

    private static string[] Snapshot() =>
        [.. Directory.EnumerateFileSystemEntries(SafetyArtifactsProfile<TDb>.Destination, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static async Task Invalid(Task<HttpResponseMessage> call, string form)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{form}: {(int)response.StatusCode} {body}");
        Assert.Equal("INVALID_PARAMETER_VALUE", JsonDocument.Parse(body).RootElement.GetProperty("error_code").GetString());
    }

    [Theory]
    [MemberData(nameof(QueryForms))]
    public async Task Traversal_in_a_query_path_is_refused_everywhere(string form)
    {
        var (ws, run, root) = await RunAsync();
        var before = Snapshot();
        await Invalid(_http.GetAsync($"{Proxy}?path={form}", ws), form);
        if (!AbsoluteOnly(form))
            await Invalid(_http.GetAsync($"{Proxy}?path={root}/{form}", ws), form);
        await Invalid(_http.GetAsync($"/api/2.0/mlflow/artifacts/list?run_id={run}&path={form}", ws), form);
        await Invalid(_http.GetAsync($"/get-artifact?run_id={run}&path={form}", ws), form);
        await Invalid(_http.PostBytesAsync($"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run}&path={form}", "x"u8.ToArray(), ws), form);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [MemberData(nameof(RouteForms))]
    public async Task Traversal_in_the_route_is_refused_and_writes_nothing(string form)
    {
        var (ws, _, root) = await RunAsync();
        var before = Snapshot();
        foreach (var path in AbsoluteOnly(form) ? [form] : new[] { form, $"{root}/{form}" })
        {
            await Invalid(_http.PutAsync($"{Proxy}/{path}", "x"u8.ToArray(), ws), form);
            await Invalid(_http.GetAsync($"{Proxy}/{path}", ws), form);
            await Invalid(_http.SendAsync(HttpMethod.Delete, $"{Proxy}/{path}", ws), form);
            await Invalid(_http.SendAsync(HttpMethod.Post, $"/api/2.0/mlflow-artifacts/mpu/create/{path}", ws), form);
        }
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Model_version_and_logged_model_files_are_served_from_their_own_roots()
    {
        var (ws, run, root) = await RunAsync();
        await ApiAssert.Ok(await _http.PutAsync($"{Proxy}/{root}/model/MLmodel", "flavors: {}\n"u8.ToArray(), ws));
        var registry = new RegistryClient(fixture, ws);
        var name = Names.Unique("m");
        await registry.CreateModelAsync(name);
        await registry.CreateVersionAsync(name, $"mlflow-artifacts:/{root}/model", $$""","run_id":"{{run}}" """);
        using (var file = await _http.GetAsync($"/model-versions/get-artifact?name={name}&version=1&path=MLmodel", ws))
        {
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("text/plain", file.Content.Headers.ContentType!.MediaType);
            Assert.Equal("flavors: {}\n", await file.Content.ReadAsStringAsync(Ct));
        }
        await ApiAssert.Error(await _http.GetAsync($"/model-versions/get-artifact?name={name}&version=1&path=../../x", ws), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid path");
        await ApiAssert.Error(await _http.GetAsync($"/model-versions/get-artifact?name={name}&version=1&path=MLmodel", null), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        var experiment = (await new TrackingClient(fixture, ws).GetRunAsync(run)).GetProperty("info").GetProperty("experiment_id").GetString();
        var created = await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/2.0/mlflow/logged-models", $$"""{"experiment_id":"{{experiment}}","name":"clf"}""", ws), Ct));
        var model = created.GetProperty("model").GetProperty("info");
        var (modelId, location) = (model.GetProperty("model_id").GetString()!, model.GetProperty("artifact_uri").GetString()!);
        await ApiAssert.Ok(await _http.PutAsync($"{Proxy}/{location["mlflow-artifacts:/".Length..]}/data/model.pkl", [1, 2, 3], ws));
        var listed = await ApiAssert.Ok(await _http.GetAsync($"/api/2.0/mlflow/logged-models/{modelId}/artifacts/directories?artifact_directory_path=data", ws));
        Assert.Equal($$"""{"root_uri":"{{location}}","files":[{"path":"data/model.pkl","is_dir":false,"file_size":3}]}""", listed.GetRawText());
        using (var file = await _http.GetAsync($"/ajax-api/2.0/mlflow/logged-models/{modelId}/artifacts/files?artifact_file_path=data/model.pkl", ws))
            Assert.Equal([1, 2, 3], await file.Content.ReadAsByteArrayAsync(Ct));
        await ApiAssert.Error(await _http.GetAsync($"/ajax-api/2.0/mlflow/logged-models/{modelId}/artifacts/files", ws), HttpStatusCode.BadRequest, "BAD_REQUEST",
            "Request must include the \"artifact_file_path\" query parameter.");
        await ApiAssert.Error(await _http.GetAsync($"/ajax-api/2.0/mlflow/logged-models/{modelId}/artifacts/files?artifact_file_path=data/model.pkl", null),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }
}

public sealed class ArtifactSafetyTests_Sqlite(ApiFixture<SqliteDb, SafetyArtifactsProfile<SqliteDb>> f) : ArtifactSafetyTests<SqliteDb>(f);

public sealed class ArtifactSafetyTests_Postgres(ApiFixture<PostgresDb, SafetyArtifactsProfile<PostgresDb>> f) : ArtifactSafetyTests<PostgresDb>(f);

public sealed class ArtifactSafetyTests_MySql(ApiFixture<MySqlDb, SafetyArtifactsProfile<MySqlDb>> f) : ArtifactSafetyTests<MySqlDb>(f);

/// <summary><c>--no-serve-artifacts</c>: the proxied routes answer MLflow's 503 text; run listings of proxied runs say why.</summary>
public sealed class NoServeArtifactsTests(ApiFixture<SqliteDb, NoServeArtifactsProfile> fixture) : IClassFixture<ApiFixture<SqliteDb, NoServeArtifactsProfile>>
{
    [Fact]
    public async Task Proxied_routes_are_disabled_with_a_clear_message()
    {
        var http = new ArtifactClient(fixture);
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, "/api/2.0/mlflow-artifacts/artifacts/1/x"), (HttpMethod.Put, "/api/2.0/mlflow-artifacts/artifacts/1/x"),
            (HttpMethod.Delete, "/ajax-api/2.0/mlflow-artifacts/artifacts/1/x"), (HttpMethod.Get, "/api/2.0/mlflow-artifacts/artifacts?path=1"),
            (HttpMethod.Post, "/api/2.0/mlflow-artifacts/mpu/create/1/x"),
        })
        {
            var response = await http.SendAsync(method, url, null, method == HttpMethod.Put ? [1] : null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.StartsWith("Endpoint: /api/2.0/mlflow-artifacts/".Replace("/api/", url.StartsWith("/ajax", StringComparison.Ordinal) ? "/ajax-api/" : "/api/", StringComparison.Ordinal), text, StringComparison.Ordinal);
            Assert.Contains("disabled due to the mlflow server running with `--no-serve-artifacts`", text, StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// Proxied artifacts into a destination only this class (per database) writes to: its snapshots of the whole tree must
/// not see other classes' uploads into the shared <see cref="LocalArtifactsProfile.Destination"/> running alongside.
/// </summary>
public sealed class SafetyArtifactsProfile<TDb> : ISettingsProfile
    where TDb : IDatabaseKind
{
    public static string Destination { get; } = Directory.CreateTempSubdirectory("ws-safety-artifacts-").FullName;

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "mlflow-artifacts:/",
        ["Server:ArtifactsDestination"] = Destination,
    };
}
