using Workspaces.Data.Common;

namespace Workspaces.Data.Entities;

/// <summary>An MLflow experiment. Ids are global; names are unique per workspace.</summary>
public sealed class Experiment : IWorkspaceOwned
{
    public const string ActiveStage = "active";
    public const string DeletedStage = "deleted";

    public long ExperimentId { get; set; }

    public required string Name { get; set; }

    public string? ArtifactLocation { get; set; }

    public string LifecycleStage { get; set; } = ActiveStage;

    public long? CreationTime { get; set; }

    public long? LastUpdateTime { get; set; }

    public string Workspace { get; set; } = WorkspaceNames.Default;

    public List<ExperimentTag> Tags { get; } = [];
}
