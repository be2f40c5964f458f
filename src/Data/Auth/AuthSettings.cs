namespace Workspaces.Data.Auth;

/// <summary>Section <c>Auth</c> of appsettings.json (SPEC §6).</summary>
public sealed class AuthSettings
{
    public const string ShippedAdminPassword = "password1234";

    public bool Enabled { get; set; }

    public string AdminUsername { get; set; } = "admin";

    public string AdminPassword { get; set; } = ShippedAdminPassword;

    /// <summary>Lets the shipped admin password be used on a non-loopback address (not recommended).</summary>
    public bool AllowDefaultPassword { get; set; }

    /// <summary>With workspaces on, users without a grant get <see cref="DefaultPermission"/> in <c>default</c> only when set.</summary>
    public bool GrantDefaultWorkspaceAccess { get; set; }

    public string DefaultPermission { get; set; } = "READ";

    /// <summary>Failed logins per user or address within <see cref="LockoutWindowSeconds"/> before answering 429.</summary>
    public int MaxFailedLogins { get; set; } = 10;

    public int LockoutWindowSeconds { get; set; } = 300;

    public int LockoutSeconds { get; set; } = 300;

    /// <summary>Default lifetime of new personal access tokens; 0 means they do not expire unless the user asks.</summary>
    public int TokenDefaultDays { get; set; }
}
