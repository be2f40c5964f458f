namespace Workspaces.Data.Auth;

public sealed record ExperimentGrant(string ExperimentId, long UserId, string Permission);

public sealed record RegisteredModelGrant(string Name, long UserId, string Permission, string Workspace);

public sealed record WorkspaceGrant(string Workspace, long UserId, string Permission, string Username);

public sealed record UserInfo(long Id, string Username, bool IsAdmin, IReadOnlyList<ExperimentGrant> ExperimentPermissions,
    IReadOnlyList<RegisteredModelGrant> RegisteredModelPermissions);

/// <summary>A personal access token as its owner sees it; <see cref="State"/> is as of the listing (the server's clock).</summary>
public sealed record TokenInfo(long Id, string Name, string Prefix, long CreatedAt, long? ExpiresAt, long? LastUsedAt, long? RevokedAt, TokenState State);

/// <summary>Whether a token still signs its owner in; a revoked token counts as revoked even once past its expiry.</summary>
public enum TokenState
{
    Active,
    Expired,
    Revoked,
}

/// <summary>A new token: <see cref="Token"/> is shown to the user once and never stored.</summary>
public sealed record CreatedToken(string Token, TokenInfo Info);

/// <summary>An authenticated caller.</summary>
public sealed record Principal(long UserId, string Username, bool IsAdmin);
