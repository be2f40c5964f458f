using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workspaces.Data.Common;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Artifacts;

/// <summary>
/// A 100 MB artifact through the real server process, on each database and each storage backend: uploaded
/// chunked to the path a run's <c>artifact_uri</c> names, listed, downloaded twice (proxied path and
/// <c>/get-artifact</c>) byte-identical, while the server's peak resident memory stays far below the file size.
/// </summary>
[Collection(ArtifactStorageCollection.Name)]
public sealed class ServerStreamingTests(MotoS3Server moto)
{
    private const long Size = 100L * 1024 * 1024;
    // Buffering the file would grow RSS by at least its 100 MB; S3 keeps two 8 MiB part buffers plus SDK state (about 45 MB measured).
    private const long AllowedGrowth = 80L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite", "local")]
    [InlineData("postgres", "local")]
    [InlineData("sqlite", "s3")]
    [InlineData("postgres", "s3")]
    [InlineData("mysql", "local")]
    [InlineData("mysql", "s3")]
    public async Task A_100_MB_artifact_round_trips_while_server_memory_stays_flat(string database, string backend)
    {
        await using var db = (database switch { "sqlite" => await SqliteDb.CreateAsync(), "mysql" => await MySqlDb.CreateAsync(), _ => await PostgresDb.CreateAsync() })
            ?? throw Skip($"{database} is not available here");
        var local = Directory.CreateTempSubdirectory("ws-big-");
        var environment = new Dictionary<string, string>();
        var destination = local.FullName;
        if (backend == "s3")
        {
            environment["MLFLOW_S3_ENDPOINT_URL"] = moto.RequireEndpoint();
            environment["AWS_ACCESS_KEY_ID"] = environment["AWS_SECRET_ACCESS_KEY"] = "test";
            destination = $"s3://{moto.Bucket}/big-{Guid.NewGuid():N}";
        }
        try
        {
            var port = ServerProcess.FreePort();
            await using var server = ServerProcess.Start(["server", "--backend-store-uri", db.StoreUri, "--port", $"{port}",
                "--artifacts-destination", destination], environment);
            using var http = await server.WaitUntilHealthyAsync(port);
            var (ws, run, root) = await RunAsync(http);

            var baseline = server.ResetPeakResident();
            using (var upload = new HttpRequestMessage(HttpMethod.Put, $"/api/2.0/mlflow-artifacts/artifacts/{root}/big.bin"))
            {
                upload.Headers.Add(WorkspaceNames.Header, ws);
                upload.Content = new StreamContent(new GeneratedStream(Size, seed: 7)); // no length: chunked, like a pipe
                upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                using var uploaded = await http.SendAsync(upload, Ct);
                Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
            }
            var listed = await SendAsync(http, HttpMethod.Get, $"/api/2.0/mlflow-artifacts/artifacts?path={root}", ws);
            Assert.Equal($$"""{"files":[{"path":"big.bin","is_dir":false,"file_size":{{Size}}}]}""", listed);

            byte[] expected;
            await using (var source = new GeneratedStream(Size, seed: 7))
                expected = await SHA256.HashDataAsync(source, Ct);
            Assert.Equal(expected, await HashDownloadAsync(http, $"/api/2.0/mlflow-artifacts/artifacts/{root}/big.bin", ws));
            Assert.Equal(expected, await HashDownloadAsync(http, $"/get-artifact?run_id={run}&path=big.bin", ws));

            var growth = server.PeakResidentBytes() - baseline;
            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{database}/{backend}: server peak RSS grew {growth / 1048576.0:F1} MB over {baseline / 1048576.0:F1} MB for a {Size / 1048576} MB upload and two downloads"));
            Assert.True(growth < AllowedGrowth, $"server resident memory grew by {growth / 1048576} MB while moving {Size / 1048576} MB");
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    private static InvalidOperationException Skip(string reason)
    {
        Assert.Skip(reason);
        return new InvalidOperationException(reason);
    }

    private static async Task<(string Ws, string Run, string Root)> RunAsync(HttpClient http)
    {
        var ws = Names.Unique("big");
        await SendAsync(http, HttpMethod.Post, "/api/3.0/mlflow/workspaces", null, $$"""{"name":"{{ws}}"}""");
        var experiment = JsonDocument.Parse(await SendAsync(http, HttpMethod.Post, "/api/2.0/mlflow/experiments/create", ws, """{"name":"big"}"""))
            .RootElement.GetProperty("experiment_id").GetString();
        var info = JsonDocument.Parse(await SendAsync(http, HttpMethod.Post, "/api/2.0/mlflow/runs/create", ws, $$"""{"experiment_id":"{{experiment}}"}"""))
            .RootElement.GetProperty("run").GetProperty("info");
        var uri = info.GetProperty("artifact_uri").GetString()!;
        Assert.StartsWith($"mlflow-artifacts:/workspaces/{ws}/", uri, StringComparison.Ordinal);
        return (ws, info.GetProperty("run_id").GetString()!, uri["mlflow-artifacts:/".Length..]);
    }

    private static async Task<string> SendAsync(HttpClient http, HttpMethod method, string url, string? ws, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (ws is not null)
            request.Headers.Add(WorkspaceNames.Header, ws);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task<byte[]> HashDownloadAsync(HttpClient http, string url, string ws)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(WorkspaceNames.Header, ws);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Size, response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        return await SHA256.HashDataAsync(body, Ct);
    }
}
