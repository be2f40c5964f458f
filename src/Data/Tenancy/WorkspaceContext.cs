namespace Workspaces.Data.Tenancy;

/// <summary>
/// The active workspace of one request (API) or one circuit (UI). Scoped; the DbContexts created for
/// the scope read <see cref="FilterValue"/> in their query filters, so a query cannot forget the workspace.
/// Unbound, it fails closed: reading <see cref="Name"/> throws and the query filters match no row, so a code
/// path that forgot to bind can never fall back to <c>default</c>.
/// </summary>
public sealed class WorkspaceContext
{
    /// <summary>What the filters compare with while unbound: not a valid workspace name, so nothing matches.</summary>
    public const string Unbound = "(unbound)";

    private string? _name;

    /// <summary>The bound workspace; throws when nothing was bound (a bug, never a client's mistake).</summary>
    public string Name => _name ?? throw new InvalidOperationException(
        "No workspace is bound to this request or circuit. Bind one, or read across workspaces with AcrossAllWorkspaces and a reason.");

    /// <summary>True once a request or page bound a workspace explicitly.</summary>
    public bool IsBound => _name is not null;

    /// <summary>The value the workspace query filters use.</summary>
    public string FilterValue => _name ?? Unbound;

    public void Bind(string name) => _name = name;

    /// <summary>A context bound to <paramref name="name"/>, for work outside a request (tests, commands).</summary>
    public static WorkspaceContext For(string name)
    {
        var context = new WorkspaceContext();
        context.Bind(name);
        return context;
    }
}
