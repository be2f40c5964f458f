namespace Workspaces.Data.Artifacts;

/// <summary>An open artifact for reading: the caller disposes it (which releases the file handle or the HTTP response).</summary>
public sealed class ArtifactFile(Stream content, long length) : IAsyncDisposable
{
    public Stream Content { get; } = content;

    /// <summary>The size in bytes, known before reading (for Content-Length).</summary>
    public long Length { get; } = length;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
