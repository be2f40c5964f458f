using Workspaces.Data.Errors;

namespace Workspaces.Data.Common;

/// <summary>A permission level with MLflow's capability flags (mlflow/server/auth/permissions.py).</summary>
public sealed record Permission(string Name, bool CanRead, bool CanUse, bool CanUpdate, bool CanDelete, bool CanManage, int Priority)
{
    public static readonly Permission Read = new("READ", true, false, false, false, false, 1);
    public static readonly Permission Use = new("USE", true, true, false, false, false, 2);
    public static readonly Permission Edit = new("EDIT", true, true, true, false, false, 3);
    public static readonly Permission Manage = new("MANAGE", true, true, true, true, true, 4);
    public static readonly Permission None = new("NO_PERMISSIONS", false, false, false, false, false, 0);

    /// <summary>In MLflow's order, which its error message prints.</summary>
    public static readonly IReadOnlyList<Permission> All = [Read, Use, Edit, Manage, None];

    /// <summary>The names that can read, for SQL filters.</summary>
    public static readonly IReadOnlyList<string> Readable = [Read.Name, Use.Name, Edit.Name, Manage.Name];

    public static Result<Permission> Parse(string? name) =>
        All.FirstOrDefault(p => p.Name == name) is { } found
            ? found
            : Error.InvalidParameter($"Invalid permission '{name}'. Valid permissions are: ('READ', 'USE', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')");

    public static Permission FromName(string name) => All.First(p => p.Name == name);

    public bool Allows(AccessLevel level) => level switch
    {
        AccessLevel.Read => CanRead,
        AccessLevel.Use => CanUse,
        AccessLevel.Update => CanUpdate,
        AccessLevel.Delete => CanDelete,
        _ => CanManage,
    };
}

/// <summary>What an operation needs of a resource.</summary>
public enum AccessLevel
{
    Read,
    Use,
    Update,
    Delete,
    Manage,
}
