namespace Workspaces.Data.Services;

/// <summary>Joins path segments onto artifact URIs the way MLflow's append_to_uri_path does.</summary>
public static class ArtifactUri
{
    /// <summary>
    /// <c>mlflow-artifacts:/</c> + <c>0</c> → <c>mlflow-artifacts:/0</c>; <c>s3://b/p/</c> + <c>x</c> →
    /// <c>s3://b/p/x</c>; <c>./mlruns</c> + <c>1</c> → <c>./mlruns/1</c>.
    /// </summary>
    public static string Append(string root, params string[] segments)
    {
        var (prefix, path) = Split(root);
        foreach (var segment in segments)
        {
            var s = segment.Trim('/');
            if (s.Length == 0)
                continue;
            path = path.Length == 0 || path.EndsWith('/') ? path + s : path + "/" + s;
        }
        if (prefix.Length > 0 && !path.StartsWith('/') && path.Length > 0)
            path = "/" + path;
        return prefix + path;
    }

    /// <summary>The non-empty segments of the URI's path (scheme and authority excluded).</summary>
    public static IReadOnlyList<string> PathSegments(string uri) =>
        Split(uri).Path.Split('/', '\\').Where(s => s.Length > 0 && s != ".").ToList();

    /// <summary>Splits "scheme:" or "scheme://authority" from the path.</summary>
    private static (string Prefix, string Path) Split(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        // No scheme, or a Windows drive letter: it is a plain path.
        if (colon <= 1 || uri[..colon].Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')))
            return ("", uri);
        var rest = uri[(colon + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
            return (uri[..(colon + 1)], rest);
        var slash = rest.IndexOf('/', 2);
        return slash < 0 ? (uri, "") : (uri[..(colon + 1 + slash)], rest[slash..]);
    }
}
