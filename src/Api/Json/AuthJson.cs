using Workspaces.Data.Auth;

namespace Workspaces.Api.Json;

// Wire shapes of MLflow's auth endpoints (mlflow/server/auth/entities.py) and of this server's token and audit endpoints.

public sealed record ExperimentPermissionJson(string ExperimentId, long UserId, string Permission)
{
    public static ExperimentPermissionJson From(ExperimentGrant g) => new(g.ExperimentId, g.UserId, g.Permission);
}

public sealed record RegisteredModelPermissionJson(string Name, long UserId, string Permission, string Workspace)
{
    public static RegisteredModelPermissionJson From(RegisteredModelGrant g) => new(g.Name, g.UserId, g.Permission, g.Workspace);
}

public sealed record WorkspacePermissionJson(string Workspace, long UserId, string Permission)
{
    public static WorkspacePermissionJson From(WorkspaceGrant g) => new(g.Workspace, g.UserId, g.Permission);
}

public sealed record UserJson(long Id, string Username, bool IsAdmin, List<ExperimentPermissionJson>? ExperimentPermissions,
    List<RegisteredModelPermissionJson>? RegisteredModelPermissions)
{
    public static UserJson From(UserInfo u) => new(u.Id, u.Username, u.IsAdmin,
        [.. u.ExperimentPermissions.Select(ExperimentPermissionJson.From)], [.. u.RegisteredModelPermissions.Select(RegisteredModelPermissionJson.From)]);
}

public sealed record UserListItemJson(long Id, string Username, bool IsAdmin);

public sealed record UserResponse(UserJson User);

public sealed record UsersResponse(List<UserListItemJson> Users);

public sealed record ExperimentPermissionResponse(ExperimentPermissionJson ExperimentPermission);

public sealed record RegisteredModelPermissionResponse(RegisteredModelPermissionJson RegisteredModelPermission);

public sealed record WorkspacePermissionResponse(WorkspacePermissionJson Permission);

public sealed record WorkspacePermissionsResponse(List<WorkspacePermissionJson> Permissions);

public sealed record TokenJson(long Id, string Name, string Prefix, long CreatedAt, long? ExpiresAt, long? LastUsedAt, long? RevokedAt)
{
    public static TokenJson From(TokenInfo t) => new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}

/// <summary><see cref="Token"/> is the secret, present only in the create response.</summary>
public sealed record CreateTokenResponse(string Token, TokenJson TokenInfo);

public sealed record TokensResponse(List<TokenJson> Tokens);

public sealed record AuditEventJson(long Id, long Timestamp, string Actor, string Action, string TargetType, string Target, string? Workspace,
    string? Before, string? After);

public sealed record AuditEventsResponse(List<AuditEventJson>? Events, string? NextPageToken);
