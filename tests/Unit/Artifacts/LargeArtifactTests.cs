using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3;
using Workspaces.Data.Artifacts;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Artifacts;

/// <summary>
/// A 100 MB artifact from a non-seekable source, written and read back while the live managed heap is sampled:
/// a store that buffered the whole file on either side would show about 100 MB of growth at the later samples.
/// </summary>
public abstract class LargeArtifactTests
{
    private const long Size = 100L * 1024 * 1024;
    private const long SampleEvery = 8L * 1024 * 1024;
    private const long AllowedGrowth = 64L * 1024 * 1024;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IArtifactStore CreateStore();

    [Fact]
    public async Task A_100_MB_artifact_streams_through_without_being_buffered()
    {
        var store = CreateStore();
        var probe = new MemoryProbe();
        long nextSample = SampleEvery;
        await using var source = new GeneratedStream(Size, seed: 100)
        {
            OnRead = position =>
            {
                if (position < nextSample)
                    return;
                probe.Sample();
                nextSample += SampleEvery;
            },
        };

        probe.Start();
        var watch = Stopwatch.StartNew();
        await store.WriteAsync("large/blob.bin", source, null, Ct);
        var writeTime = watch.Elapsed;

        watch.Restart();
        byte[] actual;
        await using (var file = await store.OpenReadAsync("large/blob.bin", Ct))
        {
            Assert.NotNull(file);
            Assert.Equal(Size, file.Length);
            actual = await HashWhileSamplingAsync(file.Content, probe);
        }
        var readTime = watch.Elapsed;

        await using var expectedSource = new GeneratedStream(Size, seed: 100);
        Assert.Equal(await SHA256.HashDataAsync(expectedSource, Ct), actual);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{GetType().Name}: write {writeTime.TotalSeconds:F2} s, read {readTime.TotalSeconds:F2} s, peak live managed growth {probe.PeakGrowth / 1048576.0:F1} MB, peak working-set growth {probe.PeakWorkingSetGrowth / 1048576.0:F1} MB, {probe.Samples} samples"));
        Assert.True(probe.Samples >= 2 * (Size / SampleEvery) - 2, $"only {probe.Samples} memory samples were taken");
        Assert.True(probe.PeakGrowth < AllowedGrowth, $"live managed memory grew by {probe.PeakGrowth / 1048576} MB during a {Size / 1048576} MB round trip");
        await store.DeleteAsync("large", Ct);
    }

    private static async Task<byte[]> HashWhileSamplingAsync(Stream content, MemoryProbe probe)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81_920];
        long total = 0, nextSample = SampleEvery;
        int read;
        while ((read = await content.ReadAsync(buffer, Ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
            if (total >= nextSample)
            {
                probe.Sample();
                nextSample += SampleEvery;
            }
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Live (post-collection) managed heap and working set, relative to a baseline.</summary>
    private sealed class MemoryProbe
    {
        private long _baseline;
        private long _baselineWorkingSet;

        public long PeakGrowth { get; private set; }

        public long PeakWorkingSetGrowth { get; private set; }

        public int Samples { get; private set; }

        public void Start()
        {
            _baseline = GC.GetTotalMemory(forceFullCollection: true);
            _baselineWorkingSet = Environment.WorkingSet;
        }

        public void Sample()
        {
            // A full collection first: garbage from transient buffers is not what this looks for; retained bytes are.
            PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(forceFullCollection: true) - _baseline);
            PeakWorkingSetGrowth = Math.Max(PeakWorkingSetGrowth, Environment.WorkingSet - _baselineWorkingSet);
            Samples++;
        }
    }
}

[Collection(ArtifactStorageCollection.Name)]
public sealed class LargeArtifactTests_Local : LargeArtifactTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workspaces-tests", "large-" + Guid.NewGuid().ToString("N"));

    protected override IArtifactStore CreateStore() => new LocalArtifactStore(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}

[Collection(ArtifactStorageCollection.Name)]
public sealed class LargeArtifactTests_S3(MotoS3Server moto) : LargeArtifactTests, IDisposable
{
    private IAmazonS3? _client;

    protected override IArtifactStore CreateStore()
    {
        _client = moto.CreateClient(moto.RequireEndpoint());
        return new S3ArtifactStore(_client, moto.Bucket, "large-" + Guid.NewGuid().ToString("N"));
    }

    public void Dispose() => _client?.Dispose();
}
