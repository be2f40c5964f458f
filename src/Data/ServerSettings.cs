namespace Workspaces.Data;

/// <summary>
/// The server's settings (section <c>Server</c> of appsettings.json, the <c>MLFLOW_*</c> variables and
/// the <c>mlflow server</c> flags). Defaults mirror appsettings.json so a bare object is usable in tests.
/// </summary>
public sealed class ServerSettings
{
    public string BackendStoreUri { get; set; } = "sqlite:///mlflow.db";

    /// <summary>Root for new experiments' artifacts; blank means "no server default".</summary>
    public string? DefaultArtifactRoot { get; set; } = "mlflow-artifacts:/";

    public bool ServeArtifacts { get; set; } = true;

    public string ArtifactsDestination { get; set; } = "./mlartifacts";

    /// <summary>
    /// S3-compatible endpoint (MinIO, Ceph ...) for s3:// artifacts; wins over <c>MLFLOW_S3_ENDPOINT_URL</c> and
    /// <c>AWS_ENDPOINT_URL(_S3)</c>. Null means those variables, else AWS itself.
    /// </summary>
    public string? S3EndpointUrl { get; set; }

    public bool EnableWorkspaces { get; set; } = true;

    /// <summary>
    /// Where the workspace catalog comes from (<c>--workspace-store-uri</c>, <c>MLFLOW_WORKSPACE_STORE_URI</c>): empty or the
    /// backend store URI means the backend store's table; <c>file:///path/workspaces.yaml</c> a read-only file.
    /// </summary>
    public string? WorkspaceStoreUri { get; set; }

    /// <summary>
    /// The workspace of a request without <c>X-MLFLOW-WORKSPACE</c> under the SQL catalog; empty means none, and such
    /// requests to workspace-scoped routes are refused (MLflow's "Active workspace is required").
    /// </summary>
    public string? DefaultWorkspace { get; set; } = Common.WorkspaceNames.Default;

    /// <summary>
    /// Where ASP.NET Data Protection keeps its keys (cookies, antiforgery): this folder when set (e.g. a shared volume),
    /// else the database, so restarts and other replicas keep accepting the same cookies.
    /// </summary>
    public string? DataProtectionKeysPath { get; set; }

    /// <summary>
    /// OpenTelemetry metrics with a Prometheus endpoint at <c>/metrics</c> (off by default; when on it answers without
    /// credentials, like a scraper expects, so expose it to the monitoring network only).
    /// </summary>
    public bool Metrics { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5000;

    /// <summary>Largest JSON request body the API accepts, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long one search statement may run before it is stopped and answered with a 400 (SearchLimits).</summary>
    public double SearchTimeoutSeconds { get; set; } = 10;

    public TimeSpan SearchTimeout => TimeSpan.FromSeconds(SearchTimeoutSeconds);

    /// <summary>
    /// How long a stopping server waits for running requests (the drain; new ones get 503 meanwhile) before it aborts
    /// them: the host's shutdown timeout.
    /// </summary>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Honour <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> from <see cref="KnownProxies"/> (a TLS-terminating
    /// reverse proxy): the session cookie is then Secure and same-origin checks use the public scheme and host.
    /// </summary>
    public bool ForwardedHeaders { get; set; }

    /// <summary>Comma-separated IP addresses or CIDR ranges of the proxies whose forwarded headers are trusted.</summary>
    public string KnownProxies { get; set; } = "127.0.0.1,::1";

    /// <summary>The server default artifact root, or null when none is configured.</summary>
    public string? ServerArtifactRoot => string.IsNullOrWhiteSpace(DefaultArtifactRoot) ? null : DefaultArtifactRoot.Trim();
}
