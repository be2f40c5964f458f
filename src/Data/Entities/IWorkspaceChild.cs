using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

/// <summary>
/// A resource that belongs to a workspace through its parent (a run through its experiment, a tag
/// through its run). It gets the "Workspace" query filter on the parent's column, and leaves with the
/// parent on CASCADE because its foreign key cascades.
/// </summary>
public interface IWorkspaceChild<TSelf>
    where TSelf : IWorkspaceChild<TSelf>
{
    /// <summary>Path from the entity to the workspace column of its root, e.g. <c>t =&gt; t.Experiment!.Workspace</c>.</summary>
    static abstract Expression<Func<TSelf, string>> WorkspacePath { get; }
}
