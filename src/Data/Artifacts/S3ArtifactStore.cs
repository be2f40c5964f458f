using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Workspaces.Data.Artifacts;

/// <summary>
/// Artifacts in an S3 bucket under <see cref="Prefix"/>. S3 has no directories: a "directory" is the set of keys
/// sharing "<c>prefix/dir/</c>", which is how MLflow's S3 repository (and every S3 browser) presents them.
/// </summary>
public sealed class S3ArtifactStore(IAmazonS3 client, string bucket, string prefix) : IArtifactStore
{
    /// <summary>Smallest multipart part (and the size below which one PutObject is used).</summary>
    public const int PartSize = S3Upload.MinPartSize;

    // DeleteObjects takes at most 1000 keys; a list page of the same size is one batch.
    private const int PageSize = 1000;

    public string Bucket { get; } = bucket;

    /// <summary>The key prefix of the root, without leading or trailing '/' ("" for the bucket's root).</summary>
    public string Prefix { get; } = prefix.Trim('/');

    public string Location => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";

    public async Task<ArtifactFile?> OpenReadAsync(string path, CancellationToken ct)
    {
        if (IsRoot(path))
            return null;
        try
        {
            // The response stream reads straight from the connection; the caller's dispose releases it.
            var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = Key(path) }, ct);
            return new ArtifactFile(response.ResponseStream, response.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey" or "NotFound")
        {
            // Only a missing key: a missing bucket (NoSuchBucket) is a configuration error and must surface.
            return null;
        }
    }

    public Task WriteAsync(string path, Stream content, long? length, CancellationToken ct) =>
        IsRoot(path)
            ? throw new ArgumentException("A file path is required to write an artifact.", nameof(path))
            : S3Upload.UploadAsync(client, Bucket, Key(path), content, length, ct);

    public async Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken ct)
    {
        var dirPrefix = DirectoryPrefix(directory);
        var entries = new List<ArtifactEntry>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = dirPrefix, Delimiter = "/", MaxKeys = PageSize };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                var name = item.Key[dirPrefix.Length..];
                // An empty name is a "folder marker" object (key ending in '/') that consoles create: not a file.
                if (name.Length > 0)
                    entries.Add(new ArtifactEntry(name, false, item.Size ?? 0));
            }
            foreach (var common in page.CommonPrefixes ?? [])
            {
                var name = common[dirPrefix.Length..].TrimEnd('/');
                if (name.Length > 0)
                    entries.Add(new ArtifactEntry(name, true, null));
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        // A path may be a file, a directory, or (S3 allows it) both at once: remove both.
        if (!IsRoot(path))
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = Key(path) }, ct);
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = DirectoryPrefix(path), MaxKeys = PageSize };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, ct);
            if (page.S3Objects is { Count: > 0 } objects)
            {
                var result = await client.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = Bucket,
                    Objects = objects.Select(o => new KeyVersion { Key = o.Key }).ToList(),
                    Quiet = true,
                }, ct);
                if (result.DeleteErrors is { Count: > 0 } errors)
                    throw new IOException($"Could not delete {errors.Count} object(s) under s3://{Bucket}/{Key(path)}: {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
            }
            // Continuing after the last key of this page stays valid although that page is gone now.
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    public async IAsyncEnumerable<(string Path, long Size)> WalkAsync(string directory, [EnumeratorCancellation] CancellationToken ct)
    {
        var rootPrefix = DirectoryPrefix("");
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = DirectoryPrefix(directory), MaxKeys = PageSize };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                if (!item.Key.EndsWith('/'))
                    yield return (item.Key[rootPrefix.Length..], item.Size ?? 0);
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    private static bool IsRoot(string path) => path.Trim('/').Length == 0;

    private string Key(string path)
    {
        var relative = path.Trim('/');
        return Prefix.Length == 0 ? relative : relative.Length == 0 ? Prefix : $"{Prefix}/{relative}";
    }

    /// <summary>The prefix every key inside the directory starts with ("" for the root of a bucket-root store).</summary>
    private string DirectoryPrefix(string directory)
    {
        var key = Key(directory);
        return key.Length == 0 ? "" : key + "/";
    }
}
