namespace Workspaces.Data.Artifacts;

/// <summary>Artifacts on the local filesystem under <see cref="Root"/> (a relative root resolves against the current directory).</summary>
public sealed class LocalArtifactStore(string root) : IArtifactStore
{
    // Below the 85 000-byte large-object-heap threshold, so every copy buffer is a cheap gen-0 allocation.
    private const int BufferSize = 81_920;

    // Uploads land in a sibling temp file first; listings hide these so a half-written upload never shows.
    private const string TempPrefix = ArtifactPath.UploadingPrefix;
    private const string TempSuffix = ".tmp";

    // The defaults skip "hidden" entries, which on Unix means every dot-file: artifacts may be dot-files.
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };
    private static readonly EnumerationOptions AllFilesRecursive = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = true };

    /// <summary>The absolute root directory (it need not exist yet).</summary>
    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    public string Location => "file:" + Root.Replace('\\', '/').TrimEnd('/');

    public Task<ArtifactFile?> OpenReadAsync(string path, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var full = Resolve(path);
        if (!File.Exists(full))
            return Task.FromResult<ArtifactFile?>(null);
        try
        {
            // FileShare.Delete: an overwrite (a rename onto this name) or a delete must not wait for readers.
            var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<ArtifactFile?>(new ArtifactFile(stream, stream.Length));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted between the check and the open.
            return Task.FromResult<ArtifactFile?>(null);
        }
    }

    public async Task WriteAsync(string path, Stream content, long? length, CancellationToken ct)
    {
        var full = Resolve(path);
        if (full == Root)
            throw new ArgumentException("A file path is required to write an artifact.", nameof(path));
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        // Same directory, so the final move is a rename on one filesystem: readers see the old or the new file, never half.
        var temp = Path.Combine(directory, $"{TempPrefix}{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, ct);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var full = Resolve(directory);
        IReadOnlyList<ArtifactEntry> entries = [];
        try
        {
            if (Directory.Exists(full))
            {
                entries = new DirectoryInfo(full).EnumerateFileSystemInfos("*", AllEntries)
                    .Where(info => !IsTemp(info.Name))
                    .Select(info => info is FileInfo file
                        ? new ArtifactEntry(file.Name, false, file.Length)
                        : new ArtifactEntry(info.Name, true, null))
                    .OrderBy(entry => entry.Name, StringComparer.Ordinal)
                    .ToList();
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted while listing: it is simply gone.
        }
        return Task.FromResult(entries);
    }

    public Task DeleteAsync(string path, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var full = Resolve(path);
        try
        {
            if (File.Exists(full))
                File.Delete(full);
            else if (Directory.Exists(full))
                Directory.Delete(full, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // A concurrent delete got there first; absent is the goal.
        }
        return Task.CompletedTask;
    }

    // The filesystem enumeration API is synchronous; files still flow one at a time, never as a whole list.
    public IAsyncEnumerable<(string Path, long Size)> WalkAsync(string directory, CancellationToken ct) =>
        Walk(Resolve(directory), ct).ToAsyncEnumerable();

    private IEnumerable<(string Path, long Size)> Walk(string full, CancellationToken ct)
    {
        if (!Directory.Exists(full))
            yield break;
        foreach (var file in new DirectoryInfo(full).EnumerateFiles("*", AllFilesRecursive))
        {
            ct.ThrowIfCancellationRequested();
            if (IsTemp(file.Name))
                continue;
            long size;
            try
            {
                size = file.Length;
            }
            catch (FileNotFoundException)
            {
                continue; // deleted during the walk
            }
            yield return (Path.GetRelativePath(Root, file.FullName).Replace(Path.DirectorySeparatorChar, '/'), size);
        }
    }

    /// <summary>
    /// Root + path as a full path. Callers validate paths already; this is defence in depth against a path that
    /// would still climb out of the root (an absolute path, "..", a drive letter).
    /// </summary>
    private string Resolve(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(Root, path)));
        var inside = full == Root
            || (full.StartsWith(Root, StringComparison.Ordinal) && full[Root.Length] == Path.DirectorySeparatorChar)
            || (Root.EndsWith(Path.DirectorySeparatorChar) && full.StartsWith(Root, StringComparison.Ordinal)); // root is "/"
        return inside ? full : throw new ArgumentException($"Artifact path '{path}' is outside the store root.", nameof(path));
    }

    private static bool IsTemp(string name) =>
        name.StartsWith(TempPrefix, StringComparison.Ordinal) && name.EndsWith(TempSuffix, StringComparison.Ordinal);

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is hidden from listings and harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
