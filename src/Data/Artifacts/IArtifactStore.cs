namespace Workspaces.Data.Artifacts;

/// <summary>
/// Storage rooted at one location. Every <c>path</c> is relative to that root, '/'-separated, already validated
/// by the caller (no "..", no leading '/', no backslashes); "" means the root itself.
/// </summary>
public interface IArtifactStore
{
    /// <summary>
    /// Where this store's root is, as one comparable string (<c>file:/abs/path</c>, <c>s3://bucket/prefix</c>): gc decides
    /// with it whether one tree lies inside another. Two stores with the same root have the same location.
    /// </summary>
    string Location { get; }

    /// <summary>The file, or null when it does not exist or is a directory.</summary>
    Task<ArtifactFile?> OpenReadAsync(string path, CancellationToken ct);

    /// <summary>
    /// Writes (overwrites) a file, creating parent "directories"; streams: never buffers the whole content in memory.
    /// <paramref name="length"/> is the Content-Length when the caller knows it (null otherwise).
    /// </summary>
    Task WriteAsync(string path, Stream content, long? length, CancellationToken ct);

    /// <summary>
    /// Immediate children of a directory, sorted by name; empty when the directory does not exist.
    /// A path that is a file lists nothing (empty).
    /// </summary>
    Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken ct);

    /// <summary>Deletes a file or a whole directory tree; no error when absent.</summary>
    Task DeleteAsync(string path, CancellationToken ct);

    /// <summary>
    /// Every file under the directory (recursively) as root-relative paths with sizes; used by garbage
    /// collection and size totals.
    /// </summary>
    IAsyncEnumerable<(string Path, long Size)> WalkAsync(string directory, CancellationToken ct);
}
