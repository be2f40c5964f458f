using System.Linq.Expressions;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Entities;

[GlobalEntity("accounts are server-wide; grants tie them to workspaces")]
public sealed class User
{
    public long Id { get; set; }

    public required string Username { get; set; }

    /// <summary>ASP.NET Core PasswordHasher output; null for accounts that only sign in through OpenID Connect.</summary>
    public string? PasswordHash { get; set; }

    public bool IsAdmin { get; set; }

    /// <summary>The OpenID Connect subject this account was provisioned from, if any.</summary>
    public string? ExternalSubject { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>The workspace the user last opened in the UI; no foreign key, a deleted one is simply ignored.</summary>
    public string? LastWorkspace { get; set; }
}

[GlobalEntity("a user's personal credential, valid in every workspace the user can reach")]
public sealed class AccessToken
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the token, hex; the token itself is shown once and never stored.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, so a user can recognise it in the list.</summary>
    public required string Prefix { get; set; }

    public long CreatedAt { get; set; }

    public long? ExpiresAt { get; set; }

    public long? LastUsedAt { get; set; }

    public long? RevokedAt { get; set; }

    public User? User { get; set; }
}

[GlobalEntity("grants are administered across workspaces; the rows go with their workspace and user through cascading keys")]
public sealed class WorkspacePermission
{
    public required string Workspace { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }

    public User? User { get; set; }
}

public sealed class ExperimentPermission : IWorkspaceChild<ExperimentPermission>
{
    public long ExperimentId { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }

    public Experiment? Experiment { get; set; }

    public User? User { get; set; }

    public static Expression<Func<ExperimentPermission, string>> WorkspacePath => p => p.Experiment!.Workspace;
}

/// <summary>Keyed by the model's id, so a rename keeps its grants and a delete removes them.</summary>
public sealed class RegisteredModelPermission : IWorkspaceChild<RegisteredModelPermission>
{
    public long RegisteredModelId { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }

    public RegisteredModel? Model { get; set; }

    public User? User { get; set; }

    public static Expression<Func<RegisteredModelPermission, string>> WorkspacePath => p => p.Model!.Workspace;
}

[GlobalEntity("audit records outlive the users and workspaces they mention")]
public sealed class AuditEvent
{
    public long Id { get; set; }

    public long Timestamp { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string TargetType { get; set; }

    public required string Target { get; set; }

    public string? Workspace { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }
}
