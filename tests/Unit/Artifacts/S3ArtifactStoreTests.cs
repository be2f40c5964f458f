using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Workspaces.Data;
using Workspaces.Data.Artifacts;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Artifacts;

[Collection(ArtifactStorageCollection.Name)]
public sealed class S3ArtifactStoreTests(MotoS3Server moto) : ArtifactStoreContract, IDisposable
{
    private IAmazonS3? _client;

    // Every test gets its own prefix in the shared bucket, so tests never see each other's keys.
    private readonly string _prefix = "contract/" + Guid.NewGuid().ToString("N");

    private IAmazonS3 Client => _client ??= moto.CreateClient(moto.RequireEndpoint());

    protected override IArtifactStore CreateStore() => new S3ArtifactStore(Client, moto.Bucket, _prefix);

    public void Dispose() => _client?.Dispose();

    [Fact]
    public async Task Keys_are_the_prefix_joined_with_the_path()
    {
        await WriteAsync("dir/file.txt", [1, 2]);
        var head = await Client.GetObjectMetadataAsync(moto.Bucket, $"{_prefix}/dir/file.txt", Ct);
        Assert.Equal(2, head.ContentLength);
    }

    [Fact]
    public async Task A_store_at_the_bucket_root_lists_walks_and_deletes()
    {
        var bucket = "root-" + Guid.NewGuid().ToString("N")[..12];
        await moto.CreateBucketAsync(bucket);
        var store = new S3ArtifactStore(Client, bucket, "");
        await store.WriteAsync("a/x.bin", new MemoryStream(new byte[3]), 3, Ct);
        await store.WriteAsync("b.bin", new MemoryStream(new byte[4]), 4, Ct);

        Assert.Equal([new("a", true, null), new("b.bin", false, 4)], await store.ListAsync("", Ct));
        var walked = new List<(string, long)>();
        await foreach (var file in store.WalkAsync("", Ct))
            walked.Add(file);
        Assert.Equal([("a/x.bin", 3L), ("b.bin", 4L)], walked);

        await store.DeleteAsync("", Ct);
        Assert.Empty(await store.ListAsync("", Ct));
    }

    [Theory]
    [InlineData(S3ArtifactStore.PartSize, true)]
    [InlineData(S3ArtifactStore.PartSize, false)]
    [InlineData(2 * S3ArtifactStore.PartSize + 1, true)]
    [InlineData(2 * S3ArtifactStore.PartSize + 1, false)]
    public async Task Multipart_boundaries_round_trip(int size, bool knownLength)
    {
        await using (var source = new GeneratedStream(size, seed: 3))
            await Store.WriteAsync("big.bin", source, knownLength ? size : null, Ct);

        await using var file = await Store.OpenReadAsync("big.bin", Ct);
        Assert.NotNull(file);
        Assert.Equal(size, file.Length);
        await using var expected = new GeneratedStream(size, seed: 3);
        Assert.Equal(await SHA256.HashDataAsync(expected, Ct), await SHA256.HashDataAsync(file.Content, Ct));
    }

    [Fact]
    public async Task A_failed_multipart_upload_is_aborted_and_leaves_no_object()
    {
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync("broken.bin", new FailingStream(S3ArtifactStore.PartSize + 1000), null, Ct));

        Assert.Null(await ReadAsync("broken.bin"));
        var uploads = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = moto.Bucket, Prefix = _prefix }, Ct);
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task A_missing_bucket_is_an_error_not_a_missing_file()
    {
        var store = new S3ArtifactStore(Client, "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], "");
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.OpenReadAsync("x", Ct));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task The_factory_maps_mlflow_artifacts_uris_under_an_s3_destination()
    {
        var settings = new ServerSettings { ArtifactsDestination = $"s3://{moto.Bucket}/{_prefix}/dest", S3EndpointUrl = moto.RequireEndpoint() };
        using var factory = new ArtifactStoreFactory(settings, endpoint => moto.CreateClient(endpoint), _ => null);

        var run = factory.ForUri("mlflow-artifacts:/workspaces/team/1/abc/artifacts")!;
        await run.WriteAsync("model/MLmodel", new MemoryStream([9]), 1, Ct);

        Assert.Equal([("workspaces/team/1/abc/artifacts/model/MLmodel", 1L)], await factory.Destination.WalkAsync("", Ct).ToListAsync(Ct));
        var head = await Client.GetObjectMetadataAsync(moto.Bucket, $"{_prefix}/dest/workspaces/team/1/abc/artifacts/model/MLmodel", Ct);
        Assert.Equal(1, head.ContentLength);
    }
}
