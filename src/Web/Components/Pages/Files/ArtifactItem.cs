using Workspaces.Data.Artifacts;

namespace Workspaces.Web.Components.Pages.Files;

/// <summary>One node of the tree: <see cref="Path"/> is relative to the owner's artifact root.</summary>
public sealed record ArtifactItem(string Path, string Name, bool IsDir, long? Size)
{
    public static ArtifactItem Of(string directory, ArtifactEntry entry) =>
        new(ArtifactPath.Join(directory, entry.Name), entry.Name, entry.IsDir, entry.IsDir ? null : entry.FileSize);

    /// <summary>Folders first, then files, each by name as the store sorts them.</summary>
    public static List<ArtifactItem> Sorted(string directory, IEnumerable<ArtifactEntry> entries) =>
        entries.Select(e => Of(directory, e)).OrderBy(i => i.IsDir ? 0 : 1).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
}
