using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Endpoints;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The UI's download endpoint with auth off: the workspace comes from the path, the file leaves with the API's
/// headers, and another workspace's run is a 404 like a missing one.
/// </summary>
public sealed class UiArtifactDownloadTests(ApiFixture<SqliteDb, LocalArtifactsProfile> fixture) : IClassFixture<ApiFixture<SqliteDb, LocalArtifactsProfile>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    // The raw test server: no cookie jar, no redirect following, exactly what a browser's first request sees.
    private HttpClient Browser() => ((TestServer)fixture.Services.GetRequiredService<IServer>()).CreateClient();

    private async Task<(string Ws, string Experiment, string Run)> RunAsync()
    {
        var ws = Names.Unique("dl");
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), Ct), HttpStatusCode.Created);
        var tracking = new TrackingClient(fixture, ws);
        var experiment = await tracking.CreateExperimentAsync();
        return (ws, experiment, await tracking.CreateRunAsync(experiment));
    }

    private async Task WriteAsync(string ws, Func<ArtifactService, Task<ArtifactLocation>> locate, string path, byte[] content)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Bind(ws);
        var location = await locate(scope.ServiceProvider.GetRequiredService<ArtifactService>());
        await location.WriteAsync(path, new MemoryStream(content), content.Length, Ct);
    }

    private Task WriteRunFileAsync(string ws, string run, string path, byte[] content) =>
        WriteAsync(ws, async s => (await s.ForRunAsync(run, AccessLevel.Update, Ct)).Value, path, content);

    private async Task<HttpResponseMessage> GetAsync(string url)
    {
        using var browser = Browser();
        return await browser.GetAsync(url, Ct);
    }

    [Theory]
    [InlineData("eval/metrics.json", "text/plain")]
    [InlineData("plots/roc curve.png", "image/png")]
    [InlineData("model/weights.bin", "application/octet-stream")]
    public async Task A_run_file_downloads_as_an_attachment_with_the_api_content_type_and_nosniff(string path, string contentType)
    {
        var (ws, _, run) = await RunAsync();
        var content = path.EndsWith(".png", StringComparison.Ordinal) ? Png : Encoding.UTF8.GetBytes("""{"accuracy": 0.93}""");
        await WriteRunFileAsync(ws, run, path, content);

        using var response = await GetAsync(ArtifactDownloads.RunUrl(ws, run, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(path[(path.LastIndexOf('/') + 1)..], response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_logged_model_file_downloads_from_the_models_own_location()
    {
        var (ws, experiment, run) = await RunAsync();
        string model;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Bind(ws);
            var created = await scope.ServiceProvider.GetRequiredService<LoggedModelService>()
                .CreateAsync(new CreateLoggedModelRequest(experiment, "clf", null, run, [], []), Ct);
            model = created.Value.ModelId;
        }
        await WriteAsync(ws, async s => (await s.ForLoggedModelAsync(model, AccessLevel.Update, Ct)).Value, "MLmodel", "flavors: {}"u8.ToArray());

        using var response = await GetAsync(ArtifactDownloads.LoggedModelUrl(ws, model, "MLmodel"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("flavors: {}", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("attachment; filename=MLmodel", response.Content.Headers.ContentDisposition!.ToString());

        var other = (await RunAsync()).Ws;
        using var crossed = await GetAsync(ArtifactDownloads.LoggedModelUrl(other, model, "MLmodel"));
        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
    }

    [Fact]
    public async Task Another_workspace_an_unknown_workspace_and_missing_files_are_404_and_a_climbing_path_is_400()
    {
        var (ws, _, run) = await RunAsync();
        await WriteRunFileAsync(ws, run, "dir/notes.txt", "secret"u8.ToArray());
        var other = (await RunAsync()).Ws;

        using var crossed = await GetAsync(ArtifactDownloads.RunUrl(other, run, "dir/notes.txt"));
        using var unknownWorkspace = await GetAsync(ArtifactDownloads.RunUrl("no-such-ws", run, "dir/notes.txt"));
        using var missing = await GetAsync(ArtifactDownloads.RunUrl(ws, run, "dir/absent.txt"));
        using var directory = await GetAsync(ArtifactDownloads.RunUrl(ws, run, "dir"));
        using var root = await GetAsync($"/ui/workspaces/{ws}/runs/{run}/artifacts");
        using var climbing = await GetAsync($"/ui/workspaces/{ws}/runs/{run}/artifacts?path=dir/..%2F..%2F..%2Fetc%2Fpasswd");

        Assert.All(new[] { crossed, unknownWorkspace, missing, directory, root }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var hidden = await crossed.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("secret", hidden, StringComparison.Ordinal);
        Assert.Equal(hidden, await unknownWorkspace.Content.ReadAsStringAsync(Ct)); // nothing tells the two apart
        Assert.Equal(HttpStatusCode.BadRequest, climbing.StatusCode);
    }
}
