namespace Workspaces.Api.Json;

// Request shapes of the workspace catalog, MLflow's basic-auth user and permission endpoints, and this server's tokens and
// audit log, for the OpenAPI document only (see RequestShapes.Tracking.cs).

public sealed record CreateWorkspaceRequestJson(string Name, string? Description = null, string? DefaultArtifactRoot = null);

public sealed record UpdateWorkspaceRequestJson(string? Description = null, string? DefaultArtifactRoot = null);

/// <summary>How a workspace that still holds resources is deleted (MLflow's <c>mode</c> query parameter).</summary>
public sealed record DeleteWorkspaceRequestJson(string? Mode = null);

public sealed record CreateUserRequestJson(string Username, string Password);

public sealed record UsernameRequestJson(string Username);

public sealed record UpdatePasswordRequestJson(string Username, string Password);

public sealed record UpdateAdminRequestJson(string Username, bool IsAdmin);

public sealed record CreateTokenRequestJson(string? Name = null, long? ExpiresInDays = null);

public sealed record RevokeTokenRequestJson(long TokenId);

/// <summary>Permission levels: READ, USE, EDIT, MANAGE or NO_PERMISSIONS.</summary>
public sealed record ExperimentPermissionRequestJson(string ExperimentId, string Username, string Permission);

public sealed record ExperimentPermissionRefJson(string ExperimentId, string Username);

public sealed record RegisteredModelPermissionRequestJson(string Name, string Username, string Permission);

public sealed record RegisteredModelPermissionRefJson(string Name, string Username);

public sealed record WorkspacePermissionRequestJson(string Username, string Permission);

public sealed record AuditEventsRequestJson(string? Workspace = null, string? Actor = null, long? From = null, long? To = null, long? MaxResults = null,
    string? PageToken = null);
