using System.Collections.Concurrent;
using Amazon.S3;

namespace Workspaces.Data.Artifacts;

/// <summary>
/// Maps artifact URIs onto stores. Stores are cheap views; the S3 clients behind them are created once per
/// endpoint and shared, because each owns an HTTP connection pool.
/// </summary>
public sealed class ArtifactStoreFactory : IArtifactStoreFactory, IDisposable
{
    private readonly ServerSettings _settings;
    private readonly Func<string?, IAmazonS3> _createS3Client;
    private readonly Func<string, string?> _environment;
    private readonly ConcurrentDictionary<string, Lazy<IAmazonS3>> _s3Clients = new(StringComparer.Ordinal);
    private readonly Lazy<IArtifactStore> _destination;

    /// <param name="settings">The artifacts destination and the S3 endpoint setting.</param>
    /// <param name="createS3Client">
    /// Builds the client for an endpoint URL (null: AWS). Defaults to <see cref="S3ClientBuilder.Create"/> with the
    /// SDK's own credential and region lookup; tests pass explicit credentials here.
    /// </param>
    /// <param name="environment">Reads an environment variable; tests pass a dictionary instead of mutating the process.</param>
    public ArtifactStoreFactory(ServerSettings settings, Func<string?, IAmazonS3>? createS3Client = null, Func<string, string?>? environment = null)
    {
        _settings = settings;
        _createS3Client = createS3Client ?? (endpoint => S3ClientBuilder.Create(endpoint));
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _destination = new Lazy<IArtifactStore>(OpenDestination);
    }

    public IArtifactStore Destination => _destination.Value;

    public IArtifactStore? ForUri(string uri)
    {
        var trimmed = uri.Trim();
        if (trimmed.Length == 0)
            return null;
        if (ArtifactUri.IsProxied(trimmed))
            return Open(_settings.ArtifactsDestination, ProxiedPath(trimmed));
        return Open(trimmed, "");
    }

    public void Dispose()
    {
        foreach (var client in _s3Clients.Values.Where(c => c.IsValueCreated))
            client.Value.Dispose();
        _s3Clients.Clear();
    }

    private IArtifactStore OpenDestination() =>
        Open(_settings.ArtifactsDestination, "")
        ?? throw new InvalidOperationException(
            $"The artifacts destination '{_settings.ArtifactsDestination}' is not a local path, file:// URI or s3:// URI.");

    /// <summary>The store for <paramref name="location"/> (no mlflow-artifacts: here), rooted at <paramref name="subPath"/> below it.</summary>
    private IArtifactStore? Open(string location, string subPath)
    {
        var scheme = Scheme(location);
        if (scheme is null)
            return new LocalArtifactStore(Join(location, subPath));
        switch (scheme.ToLowerInvariant())
        {
            case "file":
                var local = FilePath(location);
                return local is null ? null : new LocalArtifactStore(Join(local, subPath));
            case "s3":
                var (bucket, prefix) = SplitS3(location);
                if (bucket.Length == 0)
                    return null;
                return new S3ArtifactStore(S3Client(), bucket, Join(prefix, subPath));
            default:
                // gs, wasbs, hdfs, runs, models, http ... : not servable here; the caller answers 4xx/501.
                return null;
        }
    }

    private IAmazonS3 S3Client()
    {
        var endpoint = S3ClientBuilder.ResolveEndpoint(_settings, _environment);
        return _s3Clients.GetOrAdd(endpoint ?? "", key => new Lazy<IAmazonS3>(() => _createS3Client(key.Length == 0 ? null : key))).Value;
    }

    /// <summary>The destination-relative path of a proxied URI, through the same check as every artifact request.</summary>
    private static string ProxiedPath(string uri)
    {
        var path = ArtifactPath.Check(ArtifactUri.ProxiedPath(uri));
        return path.IsSuccess ? path.Value
            : throw new ArgumentException($"Artifact URI '{uri}' must not climb out of the artifacts destination.", nameof(uri));
    }

    /// <summary>The scheme, or null for a plain path (including a Windows drive letter such as C:).</summary>
    private static string? Scheme(string location)
    {
        var colon = location.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 1 || !char.IsAsciiLetter(location[0]))
            return null;
        return location[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') ? location[..colon] : null;
    }

    /// <summary>The local path of a file URI (escapes decoded), or null when it names another host.</summary>
    private static string? FilePath(string location)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile)
            return null;
        if (uri.Host.Length == 0)
            return uri.LocalPath;
        // file://localhost/x is this machine; .NET would render it as a UNC path "\\localhost\x".
        return uri.IsLoopback ? Uri.UnescapeDataString(uri.AbsolutePath) : null;
    }

    private static (string Bucket, string Prefix) SplitS3(string location)
    {
        var rest = location[(location.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
            return ("", "");
        rest = rest[2..];
        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0)
            rest = rest[..cut];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..].Trim('/'));
    }

    private static string Join(string root, string subPath) =>
        subPath.Length == 0 ? root : root.Length == 0 ? subPath : root.TrimEnd('/') + "/" + subPath;
}
