using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Workspaces.Data.Artifacts;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// A workspace whose <c>default_artifact_root</c> is <c>s3://bucket/prefix</c>: clients write there directly (as
/// boto3 does) and the server's run helpers read the same objects back; another workspace cannot reach them.
/// </summary>
public abstract class S3WorkspaceRootTests<TDb>(ApiFixture<TDb, S3ArtifactsProfile> fixture) : IClassFixture<ApiFixture<TDb, S3ArtifactsProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AmazonS3Client Client() => S3ClientBuilder.Create(S3ArtifactsProfile.Settings["Server:S3EndpointUrl"], MotoS3Server.Credentials, "us-east-1");

    [Fact]
    public async Task Runs_in_an_s3_rooted_workspace_read_back_what_the_client_wrote()
    {
        var ws = Names.Unique("s3ws");
        var prefix = $"team-{Guid.NewGuid():N}";
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces",
            $$"""{"name":"{{ws}}","default_artifact_root":"s3://artifacts/{{prefix}}"}"""), Ct), HttpStatusCode.Created);
        var tracking = new TrackingClient(fixture, ws);
        var experiment = await tracking.CreateExperimentAsync();
        var run = await tracking.CreateRunAsync(experiment);
        var uri = (await tracking.GetRunAsync(run)).GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.Equal($"s3://artifacts/{prefix}/{experiment}/{run}/artifacts", uri);

        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        using (var s3 = Client())
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "artifacts", Key = $"{prefix}/{experiment}/{run}/artifacts/model/model.pkl", InputStream = new MemoryStream(bytes),
            }, Ct);
        }
        var http = new ArtifactClient(fixture);
        var listed = await ApiAssert.Ok(await http.GetAsync($"/api/2.0/mlflow/artifacts/list?run_id={run}", ws));
        Assert.Equal($$"""{"root_uri":"{{uri}}","files":[{"path":"model","is_dir":true}]}""", listed.GetRawText());
        using (var file = await http.GetAsync($"/get-artifact?run_id={run}&path=model/model.pkl", ws))
            Assert.Equal(bytes, await file.Content.ReadAsByteArrayAsync(Ct));

        // The UI's upload goes to the same bucket, under the run.
        await ApiAssert.Ok(await http.PostBytesAsync($"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run}&path=notes.md", "# notes"u8.ToArray(), ws));
        using (var s3 = Client())
        {
            using var object_ = await s3.GetObjectAsync("artifacts", $"{prefix}/{experiment}/{run}/artifacts/notes.md", Ct);
            Assert.Equal("# notes", await new StreamReader(object_.ResponseStream).ReadToEndAsync(Ct));
        }
        await ApiAssert.Error(await http.GetAsync($"/get-artifact?run_id={run}&path=model/model.pkl", null), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }
}

public sealed class S3WorkspaceRootTests_Sqlite(ApiFixture<SqliteDb, S3ArtifactsProfile> f) : S3WorkspaceRootTests<SqliteDb>(f);

public sealed class S3WorkspaceRootTests_Postgres(ApiFixture<PostgresDb, S3ArtifactsProfile> f) : S3WorkspaceRootTests<PostgresDb>(f);

public sealed class S3WorkspaceRootTests_MySql(ApiFixture<MySqlDb, S3ArtifactsProfile> f) : S3WorkspaceRootTests<MySqlDb>(f);
