using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;

namespace Workspaces.Data.ArtifactAccess;

/// <summary>
/// The write side of the artifact API: proxied uploads and deletes, and the UI's small upload into a run. The
/// rules (what may be written or deleted, who may, MLflow's messages and their order) live here so every caller shares them.
/// </summary>
public sealed class ArtifactWrites(ArtifactService artifacts, RunLookup runs)
{
    /// <summary>MLflow's limit for the UI upload, which is read whole.</summary>
    public const int MaxUiUploadBytes = 10 * 1024 * 1024;

    private static readonly Error TooLarge = Error.InvalidParameter("Artifact size is too large. Max size is 10MB.");

    /// <summary>Streams <paramref name="content"/> to a proxied path: an artifact can be far larger than any buffer the server should hold.</summary>
    public async Task<Result> UploadAsync(string? path, Stream content, long? length, CancellationToken ct)
    {
        var location = await artifacts.ProxiedAsync(path, AccessLevel.Update, ct);
        if (!location.IsSuccess)
            return location.Error;
        var target = location.Value.Prefix;
        if (ArtifactPath.IsRoot(target))
            return ArtifactPath.Invalid;
        var name = ArtifactPath.BaseName(target);
        if (name.StartsWith(ArtifactPath.UploadingPrefix, StringComparison.Ordinal))
            return Error.InvalidParameter($"Invalid artifact file name: '{name}'. Artifact names starting with '{ArtifactPath.UploadingPrefix}' are reserved.");
        return await WriteAsync(location.Value, "", target, content, length, ct);
    }

    /// <summary>
    /// One rule for every upload: storage refusing the path (a name over the filesystem's limit, a file where a
    /// directory must go or the reverse) or a body cut short is the client's request failing, a 400 with nothing
    /// put in place — never a 500.
    /// </summary>
    private static async Task<Result> WriteAsync(ArtifactLocation location, string relative, string shown, Stream content, long? length, CancellationToken ct)
    {
        try
        {
            await location.WriteAsync(relative, content, length, ct);
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            var why = ex is PathTooLongException ? "the path is too long for the artifact store"
                : "the upload was incomplete, or a file or directory is in the way";
            return Error.InvalidParameter($"Cannot write artifact '{shown}': {why}.");
        }
        return Result.Ok;
    }

    /// <summary>Deletes a proxied file or directory; absent is fine, as in MLflow, but never a root.</summary>
    public async Task<Result> DeleteAsync(string? path, CancellationToken ct)
    {
        var location = await artifacts.ProxiedAsync(path, AccessLevel.Delete, ct);
        if (!location.IsSuccess)
            return location.Error;
        if (ArtifactPath.IsRoot(location.Value.Prefix))
            return ArtifactPath.Invalid;
        await location.Value.DeleteAsync("", ct);
        return Result.Ok;
    }

    /// <summary>
    /// The UI's upload, checked in MLflow's order, written under the run's own artifact URI (MLflow rebuilds the
    /// path from the ids, which misses runs whose location is elsewhere). UPDATE on the run is decided as soon as the
    /// run is named, before up to 10 MB of body is read for someone who may not write.
    /// </summary>
    public async Task<Result> UploadToRunAsync(string? runId, string? path, Stream body, long? contentLength, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(runId))
            return Error.InvalidParameter("Request must specify run_uuid.");
        if (await runs.AuthorizeAsync(runId, AccessLevel.Update, ct) is { } denied)
            return denied;
        if (string.IsNullOrEmpty(path))
            return Error.InvalidParameter("Request must specify path.");
        var relative = ArtifactPath.Check(path);
        if (!relative.IsSuccess || relative.Value.Length == 0)
            return ArtifactPath.Invalid;
        if (contentLength > MaxUiUploadBytes)
            return TooLarge;

        // Small by contract, so read whole: that answers "too large" and "no data" for chunked bodies too.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxUiUploadBytes)
                return TooLarge;
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return Error.InvalidParameter("Request must specify data.");

        // ForRunAsync decides again; the run and grant caches answer it without another query.
        var run = await artifacts.ForRunAsync(runId, AccessLevel.Update, ct);
        if (!run.IsSuccess)
            return run.Error;
        buffer.Position = 0;
        return await WriteAsync(run.Value, relative.Value, relative.Value, buffer, buffer.Length, ct);
    }
}
