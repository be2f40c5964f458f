using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

/// <summary>An MLflow run; its workspace is its experiment's. Ids are 32 lower-case hex characters.</summary>
public sealed class Run : IWorkspaceChild<Run>
{
    public required string RunUuid { get; set; }

    public string? Name { get; set; }

    public string? UserId { get; set; }

    public string Status { get; set; } = RunStatuses.Running;

    public long StartTime { get; set; }

    public long? EndTime { get; set; }

    public long? DeletedTime { get; set; }

    public string LifecycleStage { get; set; } = Experiment.ActiveStage;

    public string? ArtifactUri { get; set; }

    public long ExperimentId { get; set; }

    public Experiment? Experiment { get; set; }

    public static Expression<Func<Run, string>> WorkspacePath => r => r.Experiment!.Workspace;
}

public static class RunStatuses
{
    public const string Running = "RUNNING";
    public const string Scheduled = "SCHEDULED";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Killed = "KILLED";

    /// <summary>Proto enum numbers (RunStatus), for clients that send numbers.</summary>
    public static readonly IReadOnlyList<(int Number, string Name)> All =
        [(1, Running), (2, Scheduled), (3, Finished), (4, Failed), (5, Killed)];
}
