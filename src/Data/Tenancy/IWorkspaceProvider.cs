using Workspaces.Data.Errors;

namespace Workspaces.Data.Tenancy;

/// <summary>Which catalog changes a provider makes; the API answers the others 501 and the UI disables them.</summary>
public sealed record WorkspaceCapabilities(bool Create, bool Update, bool Delete)
{
    public static WorkspaceCapabilities All { get; } = new(true, true, true);

    public static WorkspaceCapabilities ReadOnly { get; } = new(false, false, false);
}

/// <summary>Where a workspace's new experiments go: the root, and whether <c>/workspaces/&lt;name&gt;</c> is appended to it.</summary>
public sealed record ArtifactRootChoice(string? Root, bool AppendWorkspacePath);

/// <summary>
/// Where the workspace catalog comes from (MLflow's workspace store, <c>mlflow/store/workspace/abstract_store.py</c>):
/// list and get are required; create, update, delete and a default workspace are optional, declared by
/// <see cref="Capabilities"/> and <see cref="DefaultWorkspace"/>. Authorization, validation and auditing stay in
/// <c>WorkspaceService</c>: a provider only keeps the catalog. Register another implementation (for example one
/// reading Kubernetes namespaces) with <c>services.AddWorkspaceProvider&lt;T&gt;()</c> after <c>AddWorkspacesData()</c>.
/// </summary>
public interface IWorkspaceProvider
{
    /// <summary>A short name for messages and the UI ("sql", "file").</summary>
    string Kind { get; }

    WorkspaceCapabilities Capabilities { get; }

    /// <summary>The workspace a request without a workspace header uses; null when the provider has none.</summary>
    string? DefaultWorkspace { get; }

    /// <summary>Every workspace, sorted by name (ordinal).</summary>
    Task<IReadOnlyList<WorkspaceInfo>> ListAsync(CancellationToken ct);

    /// <summary>The workspace, or null when the provider does not know it.</summary>
    Task<WorkspaceInfo?> GetAsync(string name, CancellationToken ct);

    /// <summary>Called only when <see cref="Capabilities"/> allows it; the request is already validated.</summary>
    Task<Result<WorkspaceInfo>> CreateAsync(CreateWorkspace request, CancellationToken ct);

    Task<Result<WorkspaceInfo>> UpdateAsync(UpdateWorkspace request, CancellationToken ct);

    Task<Result> DeleteAsync(string name, WorkspaceDeletionMode mode, CancellationToken ct);

    /// <summary>
    /// MLflow's <c>resolve_artifact_root</c>: by default the workspace's own root as it is, else the server's root with
    /// <c>/workspaces/&lt;name&gt;</c> appended.
    /// </summary>
    ArtifactRootChoice ResolveArtifactRoot(string? serverRoot, WorkspaceInfo workspace) =>
        string.IsNullOrEmpty(workspace.DefaultArtifactRoot) ? new(serverRoot, true) : new(workspace.DefaultArtifactRoot, false);
}

/// <summary>The answer to a catalog change the provider does not make (MLflow lets the store's NotImplementedError become a 500).</summary>
public static class WorkspaceProviderErrors
{
    public static Error NotSupported(IWorkspaceProvider provider, string operation) => new(ErrorCode.NotImplemented,
        $"The workspace provider '{provider.Kind}' does not support {operation} workspaces: they are managed outside this server.");
}
