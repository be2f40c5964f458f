using Workspaces.Data.Artifacts;

namespace Workspaces.Data.Registry;

/// <summary>
/// Whether a model version <c>source</c> lies in another workspace's artifact tree. The registry later serves a
/// version's files from its source, so a source under <c>workspaces/team-b/…</c> (proxied, under the server root or
/// the artifacts destination) or under team-b's own artifact root would hand team-b's files to team-a.
/// </summary>
public static class SourceScope
{
    public static bool InOtherWorkspace(string source, string workspace, ServerSettings settings, IReadOnlyCollection<(string Name, string Root)> ownRoots)
    {
        var canonical = Canonical(ArtifactUri.DecodeUntilStable(source, out _));
        var bases = new List<string> { Canonical(ArtifactUri.ProxyScheme + "/") };
        if (settings.ServerArtifactRoot is { } serverRoot)
            bases.Add(Canonical(serverRoot));
        if (!string.IsNullOrWhiteSpace(settings.ArtifactsDestination))
            bases.Add(Canonical(settings.ArtifactsDestination));
        foreach (var root in bases)
        {
            // Inside a server tree the workspace segment decides, whatever other roots enclose it.
            if (RelativeTo(canonical, root) is { } rest && rest.Split('/') is [ArtifactPath.WorkspacesSegment, var owner, ..])
                return owner != workspace;
        }
        var mine = ownRoots.Where(r => r.Name == workspace).Select(r => Canonical(r.Root)).ToList();
        return ownRoots.Where(r => r.Name != workspace).Select(r => Canonical(r.Root))
            .Any(other => RelativeTo(canonical, other) is not null && !mine.Any(m => m.Length >= other.Length && RelativeTo(canonical, m) is not null));
    }

    /// <summary>The part of <paramref name="uri"/> below <paramref name="root"/>, or null when it is not below it.</summary>
    private static string? RelativeTo(string uri, string root)
    {
        root = root.TrimEnd('/');
        if (root.Length == 0)
            return null;
        if (uri == root)
            return "";
        return uri.StartsWith(root + "/", StringComparison.Ordinal) ? uri[(root.Length + 1)..] : null;
    }

    /// <summary>One spelling per location: proxied URIs without their authority, local paths absolute, no trailing slash.</summary>
    private static string Canonical(string uri)
    {
        uri = uri.Trim();
        if (ArtifactUri.IsProxied(uri))
            return ArtifactUri.ProxyScheme + "/" + ArtifactUri.ProxiedPath(uri).TrimEnd('/');
        if (SourceValidation.IsLocal(uri))
        {
            var path = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? uri[7..]
                : uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? uri[5..]
                : uri;
            try
            {
                return Path.GetFullPath(path.Length == 0 ? "." : path).TrimEnd('/');
            }
            catch (ArgumentException)
            {
                return path;
            }
        }
        return uri.TrimEnd('/');
    }
}
