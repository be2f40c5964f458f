using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Entities;

/// <summary>A row of the <c>workspaces</c> catalog.</summary>
[GlobalEntity("the catalog of workspaces itself")]
public sealed class WorkspaceEntity
{
    public required string Name { get; set; }

    public string? Description { get; set; }

    public string? DefaultArtifactRoot { get; set; }
}
