using System.Net;
using System.Text;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The proxied artifact API and the run-scoped helpers as the stock client uses them: upload under the run's
/// <c>artifact_uri</c>, list, download byte-identical, delete; each profile is one storage backend.
/// </summary>
public abstract class ArtifactApiTests<TDb, TProfile>(ApiFixture<TDb, TProfile> fixture) : IClassFixture<ApiFixture<TDb, TProfile>>
    where TDb : IDatabaseKind
    where TProfile : ISettingsProfile
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ArtifactClient _http = new(fixture);

    /// <summary>A workspace with one run; returns its artifact root as a destination path (no scheme).</summary>
    private async Task<(string Ws, string RunId, string Root, string ArtifactUri)> RunAsync()
    {
        var ws = Names.Unique("art");
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), Ct), HttpStatusCode.Created);
        var tracking = new TrackingClient(fixture, ws);
        var run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
        var uri = (await tracking.GetRunAsync(run)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.StartsWith($"mlflow-artifacts:/workspaces/{ws}/", uri, StringComparison.Ordinal);
        return (ws, run, uri["mlflow-artifacts:/".Length..], uri);
    }

    [Fact]
    public async Task Upload_list_download_and_delete_round_trip_through_the_runs_artifact_uri()
    {
        var (ws, run, root, uri) = await RunAsync();
        var json = Encoding.UTF8.GetBytes("""{"accuracy": 0.93}""");
        var binary = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        await ApiAssert.Ok(await _http.PutAsync($"{Proxy}/{root}/eval/metrics.json", json, ws));
        await ApiAssert.Ok(await _http.PutAsync($"{Proxy}/{root}/model/weights.bin", binary, ws));
        await ApiAssert.Ok(await _http.PutAsync($"{Proxy}/{root}/empty.txt", [], ws));

        var listed = await ApiAssert.Ok(await _http.GetAsync($"{Proxy}?path={root}", ws));
        Assert.Equal("""{"files":[{"path":"empty.txt","is_dir":false},{"path":"eval","is_dir":true},{"path":"model","is_dir":true}]}""", listed.GetRawText());
        var model = await ApiAssert.Ok(await _http.GetAsync($"{Proxy}?path={root}/model", ws));
        Assert.Equal("""{"files":[{"path":"weights.bin","is_dir":false,"file_size":70000}]}""", model.GetRawText());

        using var download = await _http.GetAsync($"{Proxy}/{root}/model/weights.bin", ws);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(binary, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename=weights.bin", download.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        using var text = await _http.GetAsync($"{Proxy}/{root}/eval/metrics.json", ws);
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType); // MLflow serves json as text so it never renders
        Assert.Equal(json, await text.Content.ReadAsByteArrayAsync(Ct));

        // The run-scoped helpers see the same files with run-relative paths.
        var runList = await ApiAssert.Ok(await _http.GetAsync($"/api/2.0/mlflow/artifacts/list?run_id={run}&path=model", ws));
        Assert.Equal($$"""{"root_uri":"{{uri}}","files":[{"path":"model/weights.bin","is_dir":false,"file_size":70000}]}""", runList.GetRawText());
        using var viaRun = await _http.GetAsync($"/get-artifact?run_id={run}&path=model/weights.bin", ws);
        Assert.Equal(binary, await viaRun.Content.ReadAsByteArrayAsync(Ct));

        await ApiAssert.Ok(await _http.SendAsync(HttpMethod.Delete, $"{Proxy}/{root}/model", ws));
        Assert.Equal("""{"files":[{"path":"empty.txt","is_dir":false},{"path":"eval","is_dir":true}]}""",
            (await ApiAssert.Ok(await _http.GetAsync($"{Proxy}?path={root}", ws))).GetRawText());
        await ApiAssert.Error(await _http.GetAsync($"{Proxy}/{root}/model/weights.bin", ws), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal("{}", (await ApiAssert.Ok(await _http.GetAsync($"{Proxy}?path={root}/missing", ws))).GetRawText());
        await ApiAssert.Ok(await _http.SendAsync(HttpMethod.Delete, $"{Proxy}/{root}/missing", ws)); // absent is fine, as in MLflow
    }

    [Fact]
    public async Task Paths_without_the_workspace_prefix_land_in_the_request_workspace()
    {
        var (ws, _, root, _) = await RunAsync();
        var relative = root[$"workspaces/{ws}/".Length..];
        await ApiAssert.Ok(await _http.PutAsync($"{Proxy}/{relative}/note.txt", "hello"u8.ToArray(), ws));
        using var back = await _http.GetAsync($"{Proxy}/{root}/note.txt", ws);
        Assert.Equal("hello", await back.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Another_workspaces_files_are_refused_and_untouched()
    {
        var (a, runA, rootA, _) = await RunAsync();
        var (b, _, _, _) = await RunAsync();
        await ApiAssert.Ok(await _http.PutAsync($"{Proxy}/{rootA}/secret.txt", "a's"u8.ToArray(), a));
        var message = $"Artifact path targets workspace '{a}' but the workspace specified in the request is '{b}'.";

        await ApiAssert.Error(await _http.GetAsync($"{Proxy}/{rootA}/secret.txt", b), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        await ApiAssert.Error(await _http.GetAsync($"{Proxy}?path={rootA}", b), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        await ApiAssert.Error(await _http.PutAsync($"{Proxy}/{rootA}/secret.txt", "b's"u8.ToArray(), b), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        await ApiAssert.Error(await _http.SendAsync(HttpMethod.Delete, $"{Proxy}/{rootA}/secret.txt", b), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);
        await ApiAssert.Error(await _http.SendAsync(HttpMethod.Post, $"/api/2.0/mlflow-artifacts/mpu/create/{rootA}/x", b), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);

        var notFound = $"Run with id={runA} not found";
        await ApiAssert.Error(await _http.GetAsync($"/api/2.0/mlflow/artifacts/list?run_id={runA}", b), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        await ApiAssert.Error(await _http.GetAsync($"/get-artifact?run_id={runA}&path=secret.txt", b), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        await ApiAssert.Error(await _http.PostBytesAsync($"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={runA}&path=x.txt", "b"u8.ToArray(), b),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        await ApiAssert.Error(await _http.GetAsync($"{Proxy}?path=workspaces/", b), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Artifact paths prefixed with 'workspaces/' must include a workspace name.");

        using var intact = await _http.GetAsync($"{Proxy}/{rootA}/secret.txt", a);
        Assert.Equal("a's", await intact.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_default_workspace_lists_the_root_without_other_workspaces()
    {
        await RunAsync();
        var root = await ApiAssert.Ok(await _http.GetAsync(Proxy, null));
        Assert.DoesNotContain("\"workspaces\"", root.GetRawText(), StringComparison.Ordinal);
        await ApiAssert.Error(await _http.GetAsync($"{Proxy}?path=workspaces", null), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Multipart_upload_is_not_implemented_and_the_whole_root_cannot_be_deleted()
    {
        var (ws, _, root, _) = await RunAsync();
        await ApiAssert.Error(await _http.SendAsync(HttpMethod.Post, $"/api/2.0/mlflow-artifacts/mpu/create/{root}/big.bin", ws), HttpStatusCode.NotImplemented,
            "NOT_IMPLEMENTED", "Multipart upload is not supported for the current artifact repository");
        await ApiAssert.Error(await _http.SendAsync(HttpMethod.Delete, $"{Proxy}/workspaces/{ws}", ws), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid path");
        await ApiAssert.Error(await _http.SendAsync(HttpMethod.Delete, $"{Proxy}/", null), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid path");
        // The local store's in-flight files carry this prefix; nobody may write (or later see) one.
        await ApiAssert.Error(await _http.PutAsync($"{Proxy}/{root}/.artifact.uploading.x", [1], ws), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid artifact file name: '.artifact.uploading.x'. Artifact names starting with '.artifact.uploading.' are reserved.");
    }

    [Fact]
    public async Task The_ui_upload_checks_in_mlflows_order_and_writes_under_the_run()
    {
        var (ws, run, _, _) = await RunAsync();
        const string Upload = "/ajax-api/2.0/mlflow/upload-artifact";
        await ApiAssert.Error(await _http.PostBytesAsync($"{Upload}?path=a.txt", "x"u8.ToArray(), ws), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Request must specify run_uuid.");
        await ApiAssert.Error(await _http.PostBytesAsync($"{Upload}?run_uuid={run}", "x"u8.ToArray(), ws), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Request must specify path.");
        await ApiAssert.Error(await _http.PostBytesAsync($"{Upload}?run_uuid={run}&path=../a.txt", "x"u8.ToArray(), ws), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid path");
        await ApiAssert.Error(await _http.PostBytesAsync($"{Upload}?run_uuid={run}&path=a.txt", [], ws), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Request must specify data.");
        await ApiAssert.Error(await _http.PostBytesAsync($"{Upload}?run_uuid={run}&path=a.txt", new byte[10 * 1024 * 1024 + 1], ws), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Artifact size is too large. Max size is 10MB.");
        await ApiAssert.Ok(await _http.PostBytesAsync($"{Upload}?run_uuid={run}&path=plots/roc.csv", "fpr,tpr\n0,0\n"u8.ToArray(), ws));
        using var back = await _http.GetAsync($"/get-artifact?run_uuid={run}&path=plots/roc.csv", ws);
        Assert.Equal("fpr,tpr\n0,0\n", await back.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class ArtifactApiTests_Sqlite_Local(ApiFixture<SqliteDb, LocalArtifactsProfile> f) : ArtifactApiTests<SqliteDb, LocalArtifactsProfile>(f);

public sealed class ArtifactApiTests_Postgres_Local(ApiFixture<PostgresDb, LocalArtifactsProfile> f) : ArtifactApiTests<PostgresDb, LocalArtifactsProfile>(f);

public sealed class ArtifactApiTests_MySql_Local(ApiFixture<MySqlDb, LocalArtifactsProfile> f) : ArtifactApiTests<MySqlDb, LocalArtifactsProfile>(f);

public sealed class ArtifactApiTests_Sqlite_S3(ApiFixture<SqliteDb, S3ArtifactsProfile> f) : ArtifactApiTests<SqliteDb, S3ArtifactsProfile>(f);

public sealed class ArtifactApiTests_Postgres_S3(ApiFixture<PostgresDb, S3ArtifactsProfile> f) : ArtifactApiTests<PostgresDb, S3ArtifactsProfile>(f);

public sealed class ArtifactApiTests_MySql_S3(ApiFixture<MySqlDb, S3ArtifactsProfile> f) : ArtifactApiTests<MySqlDb, S3ArtifactsProfile>(f);
