namespace Workspaces.Data.Tenancy;

/// <summary>A workspace as the API and the UI show it; unset fields are null.</summary>
public sealed record WorkspaceInfo(string Name, string? Description, string? DefaultArtifactRoot);

/// <summary>Create request; null fields were not given.</summary>
public sealed record CreateWorkspace(string? Name, string? Description = null, string? DefaultArtifactRoot = null);

/// <summary>Update request; null means "unchanged", a blank artifact root means "clear".</summary>
public sealed record UpdateWorkspace(string Name, string? Description = null, string? DefaultArtifactRoot = null);

public enum WorkspaceDeletionMode
{
    Restrict,
    Cascade,
    SetDefault,
}
