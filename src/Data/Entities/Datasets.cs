using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

/// <summary>A dataset logged in an experiment; unique per (experiment, name, digest).</summary>
public sealed class Dataset : IWorkspaceChild<Dataset>
{
    public required string DatasetUuid { get; set; }

    public long ExperimentId { get; set; }

    public required string Name { get; set; }

    public required string Digest { get; set; }

    public required string SourceType { get; set; }

    public required string Source { get; set; }

    public string? Schema { get; set; }

    public string? Profile { get; set; }

    public Experiment? Experiment { get; set; }

    public static Expression<Func<Dataset, string>> WorkspacePath => d => d.Experiment!.Workspace;
}

/// <summary>A dataset used by a run (MLflow's DatasetInput), with its input tags.</summary>
public sealed class RunDatasetInput : IWorkspaceChild<RunDatasetInput>
{
    public required string RunUuid { get; set; }

    public required string DatasetUuid { get; set; }

    public Run? Run { get; set; }

    public Dataset? Dataset { get; set; }

    public List<InputTag> Tags { get; } = [];

    public static Expression<Func<RunDatasetInput, string>> WorkspacePath => i => i.Run!.Experiment!.Workspace;
}

public sealed class InputTag : IWorkspaceChild<InputTag>
{
    public required string RunUuid { get; set; }

    public required string DatasetUuid { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }

    public RunDatasetInput? Input { get; set; }

    public static Expression<Func<InputTag, string>> WorkspacePath => t => t.Input!.Run!.Experiment!.Workspace;
}

/// <summary>A logged model a run consumed (<c>input</c>) or produced (<c>output</c>, with a step).</summary>
public sealed class RunModelLink : IWorkspaceChild<RunModelLink>
{
    public const string Input = "input";
    public const string Output = "output";

    public required string RunUuid { get; set; }

    public required string ModelId { get; set; }

    public required string Direction { get; set; }

    public long Step { get; set; }

    public Run? Run { get; set; }

    public static Expression<Func<RunModelLink, string>> WorkspacePath => l => l.Run!.Experiment!.Workspace;
}
