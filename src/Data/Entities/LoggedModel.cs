using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

/// <summary>An MLflow 3 logged model (<c>m-</c> + 32 hex), owned by an experiment.</summary>
public sealed class LoggedModel : IWorkspaceChild<LoggedModel>
{
    public required string ModelId { get; set; }

    public long ExperimentId { get; set; }

    public required string Name { get; set; }

    public string? ArtifactLocation { get; set; }

    public long CreationTimestampMs { get; set; }

    public long LastUpdatedTimestampMs { get; set; }

    public string Status { get; set; } = LoggedModelStatuses.Pending;

    public string LifecycleStage { get; set; } = Experiment.ActiveStage;

    public string? ModelType { get; set; }

    public string? SourceRunId { get; set; }

    public string? StatusMessage { get; set; }

    public Experiment? Experiment { get; set; }

    public List<LoggedModelTag> Tags { get; } = [];

    public List<LoggedModelParam> Params { get; } = [];

    public static Expression<Func<LoggedModel, string>> WorkspacePath => m => m.Experiment!.Workspace;
}

public static class LoggedModelStatuses
{
    public const string Unspecified = "LOGGED_MODEL_STATUS_UNSPECIFIED";
    public const string Pending = "LOGGED_MODEL_PENDING";
    public const string Ready = "LOGGED_MODEL_READY";
    public const string UploadFailed = "LOGGED_MODEL_UPLOAD_FAILED";

    public static readonly IReadOnlyList<(int Number, string Name)> All =
        [(0, Unspecified), (1, Pending), (2, Ready), (3, UploadFailed)];
}

public sealed class LoggedModelTag : IWorkspaceChild<LoggedModelTag>
{
    public required string ModelId { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public LoggedModel? Model { get; set; }

    public static Expression<Func<LoggedModelTag, string>> WorkspacePath => t => t.Model!.Experiment!.Workspace;
}

public sealed class LoggedModelParam : IWorkspaceChild<LoggedModelParam>
{
    public required string ModelId { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public LoggedModel? Model { get; set; }

    public static Expression<Func<LoggedModelParam, string>> WorkspacePath => p => p.Model!.Experiment!.Workspace;
}
