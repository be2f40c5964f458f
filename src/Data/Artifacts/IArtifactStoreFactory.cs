namespace Workspaces.Data.Artifacts;

/// <summary>Opens the store for an artifact location URI.</summary>
public interface IArtifactStoreFactory
{
    /// <summary>
    /// <c>mlflow-artifacts:/a/b</c> (or <c>mlflow-artifacts://host:port/a/b</c>) → the server's artifacts destination
    /// (<see cref="ServerSettings.ArtifactsDestination"/>, itself a local path, file:// URI or s3://bucket/prefix) rooted
    /// at a/b; <c>s3://bucket/prefix</c> → S3 rooted there; <c>file:///abs/dir</c>, <c>/abs/dir</c> or a relative path →
    /// local disk there. Returns null for schemes it cannot serve (gs://, wasbs://, hdfs:// ...), so callers can answer
    /// a clean 4xx/501.
    /// </summary>
    IArtifactStore? ForUri(string uri);

    /// <summary>The artifacts destination itself (for the proxied /mlflow-artifacts/artifacts endpoints).</summary>
    IArtifactStore Destination { get; }
}
