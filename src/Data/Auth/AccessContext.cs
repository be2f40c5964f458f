namespace Workspaces.Data.Auth;

/// <summary>
/// Who is making the current request or using the current circuit. Scoped like <see cref="Tenancy.WorkspaceContext"/>;
/// services read it to filter listings to what the caller may read and to grant creators MANAGE.
/// </summary>
public sealed class AccessContext
{
    public bool AuthEnabled { get; private set; }

    public long? UserId { get; private set; }

    public string? Username { get; private set; }

    public bool IsAdmin { get; private set; }

    /// <summary>True when listings must be filtered by grants (auth on, caller not an admin).</summary>
    public bool IsRestricted => AuthEnabled && !IsAdmin;

    public void Bind(bool authEnabled, long? userId, string? username, bool isAdmin)
    {
        (AuthEnabled, UserId, Username, IsAdmin) = (authEnabled, userId, username, isAdmin);
    }
}
