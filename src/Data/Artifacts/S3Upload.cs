using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Workspaces.Data.Artifacts;

/// <summary>
/// Streams one object into S3 with memory bounded by two part buffers, whatever the object's size and whether
/// or not its length is known: a single PutObject when the content fits in one part, else a multipart upload.
/// </summary>
internal static class S3Upload
{
    /// <summary>Part size for unknown lengths and the floor for known ones (S3's minimum is 5 MiB).</summary>
    public const int MinPartSize = 8 * 1024 * 1024;

    private const int MaxParts = 10_000;

    // Part buffers are pooled apart from ArrayPool.Shared, which would keep such large arrays per core: here at most
    // four per size stay cached (32 MiB at the usual 8 MiB parts), and uploads beyond that allocate and drop theirs.
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(maxArrayLength: 1 << 30, maxArraysPerBucket: 4);

    public static async Task UploadAsync(IAmazonS3 client, string bucket, string key, Stream content, long? length, CancellationToken ct)
    {
        var partSize = PartSize(length);
        var current = Buffers.Rent(partSize);
        byte[]? next = null;
        try
        {
            var filled = await content.ReadAtLeastAsync(current.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, ct);
            if (filled < partSize)
            {
                await client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    InputStream = new MemoryStream(current, 0, filled, writable: false),
                }, ct);
                return;
            }
            next = Buffers.Rent(partSize);
            await MultipartAsync(client, bucket, key, content, current, next, partSize, ct);
        }
        finally
        {
            Buffers.Return(current);
            if (next is not null)
                Buffers.Return(next);
        }
    }

    /// <summary>
    /// Uploads <paramref name="first"/> (full) and the rest of <paramref name="content"/> as parts, reading the next
    /// part while the previous one is on the wire so the source (usually an HTTP request body) and S3 overlap.
    /// </summary>
    private static async Task MultipartAsync(IAmazonS3 client, string bucket, string key, Stream content,
        byte[] first, byte[] second, int partSize, CancellationToken ct)
    {
        var uploadId = (await client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, ct)).UploadId;
        var parts = new List<PartETag>();
        Task<UploadPartResponse>? inFlight = null;
        try
        {
            var (current, next) = (first, second);
            var filled = partSize;
            for (var partNumber = 1; filled > 0; partNumber++)
            {
                if (partNumber > MaxParts)
                    throw new IOException($"Artifact '{key}' exceeds {MaxParts} parts of {partSize} bytes; pass its length so larger parts are used.");
                inFlight = client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartNumber = partNumber,
                    PartSize = filled,
                    InputStream = new MemoryStream(current, 0, filled, writable: false),
                }, ct);
                var nextFilled = await content.ReadAtLeastAsync(next.AsMemory(0, partSize), partSize, throwOnEndOfStream: false, ct);
                var uploaded = await inFlight;
                inFlight = null;
                parts.Add(new PartETag(partNumber, uploaded.ETag));
                (current, next) = (next, current);
                filled = nextFilled;
            }
            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts,
            }, ct);
        }
        catch
        {
            // The part buffer goes back to the pool after this method: the SDK must be done reading it first.
            if (inFlight is not null)
                await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await AbortQuietlyAsync(client, bucket, key, uploadId);
            throw;
        }
    }

    /// <summary>Drops the parts already stored (S3 bills them until aborted); the original failure is what matters.</summary>
    private static async Task AbortQuietlyAsync(IAmazonS3 client, string bucket, string key, string uploadId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception)
        {
            // Swallowed on purpose: the caller rethrows the error that made the upload fail.
        }
    }

    /// <summary>8 MiB, or more when a known length would otherwise need over 10 000 parts (S3's limit).</summary>
    private static int PartSize(long? length)
    {
        if (length is not { } known || known <= (long)MinPartSize * MaxParts)
            return MinPartSize;
        var needed = (known + MaxParts - 1) / MaxParts;
        // Whole MiB, capped at the pool's largest buffer (1 GiB parts already allow 10 TB, twice S3's object limit).
        var rounded = (needed + (1 << 20) - 1) >> 20 << 20;
        return (int)Math.Min(rounded, 1 << 30);
    }
}
