namespace Workspaces.Data.Tenancy;

/// <summary>
/// The active workspace of one request (API) or one circuit (UI). Scoped; the DbContexts created for
/// the scope read <see cref="Name"/> in their query filters, so a query cannot forget the workspace.
/// </summary>
public sealed class WorkspaceContext
{
    public string Name { get; private set; } = WorkspaceNames.Default;

    /// <summary>True once a request or page bound a workspace explicitly.</summary>
    public bool IsBound { get; private set; }

    public void Bind(string name)
    {
        Name = name;
        IsBound = true;
    }
}
