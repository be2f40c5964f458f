namespace Workspaces.Data.Artifacts;

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

    public const string ProxyScheme = "mlflow-artifacts:";

    /// <summary>
    /// Percent-decodes until the value no longer changes (at most ten rounds, as MLflow's <c>_decode</c>), so
    /// <c>%252e%252e</c> is seen as <c>..</c>; <paramref name="stable"/> is false when ten rounds were not enough.
    /// </summary>
    public static string DecodeUntilStable(string value, out bool stable)
    {
        for (var i = 0; i < 10; i++)
        {
            var decoded = Uri.UnescapeDataString(value);
            if (decoded == value)
            {
                stable = true;
                return value;
            }
            value = decoded;
        }
        stable = false;
        return value;
    }

    /// <summary>
    /// The (still encoded) path of <c>mlflow-artifacts:/a/b</c> or <c>mlflow-artifacts://host:port/a/b</c> without its
    /// leading slash, query or fragment: the authority only names the server clients talk to, which is this one.
    /// </summary>
    public static string ProxiedPath(string uri)
    {
        var rest = uri[ProxyScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        var cut = rest.IndexOfAny(['?', '#']);
        return (cut >= 0 ? rest[..cut] : rest).TrimStart('/');
    }

    public static bool IsProxied(string uri) => uri.StartsWith(ProxyScheme, StringComparison.OrdinalIgnoreCase);

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
