using Workspaces.Data.Tenancy;

namespace Workspaces.Api.Json;

// Wire shapes of the workspace catalog (/api/3.0/mlflow/workspaces) and of server-info.

public sealed record WorkspaceJson(string Name, string? Description, string? DefaultArtifactRoot)
{
    public static WorkspaceJson From(WorkspaceInfo w) => new(w.Name, w.Description, w.DefaultArtifactRoot);
}

public sealed record WorkspaceResponse(WorkspaceJson Workspace);

/// <summary>The list; <c>Workspaces</c> is null (omitted) when empty, as proto JSON omits empty repeated fields.</summary>
public sealed record ListWorkspacesResponse(IReadOnlyList<WorkspaceJson>? Workspaces);

public sealed record ServerInfoResponse(string StoreType, bool WorkspacesEnabled);

/// <summary><c>/health/ready</c>: "ready" or "not ready", and each check's "ok" or its problem.</summary>
public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, string> Checks);
