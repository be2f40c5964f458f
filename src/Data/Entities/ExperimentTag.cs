using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

public sealed class ExperimentTag : IWorkspaceChild<ExperimentTag>
{
    public required string Key { get; set; }

    public string? Value { get; set; }

    public long ExperimentId { get; set; }

    public Experiment? Experiment { get; set; }

    public static Expression<Func<ExperimentTag, string>> WorkspacePath => t => t.Experiment!.Workspace;
}
