using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// The workspace catalog: list, get, create, update and delete, with MLflow's rules and messages. Listing and getting
/// show only the workspaces the caller may see; changing the catalog is for admins.
/// </summary>
public sealed class WorkspaceService(
    IWorkspaceProvider provider,
    ServerSettings settings,
    WorkspaceCatalogCache cache,
    Auth.AccessService access,
    Auth.AuditService audit,
    Auth.Authorizer authz)
{
    /// <summary>What the provider lets the API and the UI change (the UI disables the rest with <see cref="ReadOnlyReason"/>).</summary>
    public WorkspaceCapabilities Capabilities => provider.Capabilities;

    /// <summary>One line for the UI when the catalog is managed elsewhere; null when everything can be changed here.</summary>
    public string? ReadOnlyReason => provider.Capabilities == WorkspaceCapabilities.All
        ? null
        : $"Workspaces come from the '{provider.Kind}' provider and are managed outside this server.";

    /// <summary>The workspace of a request without a header; null when the provider has none.</summary>
    public string? DefaultWorkspace => provider.DefaultWorkspace;

    /// <summary>What the caller may do in a workspace (the request's by default), for showing buttons.</summary>
    public Task<Common.Permission> PermissionAsync(string? name, CancellationToken ct) => authz.OnWorkspaceAsync(name, ct);

    public const string NeedsArtifactRootMessage =
        "Cannot create or update workspace without an artifact root. Either specify 'default_artifact_root' for this workspace "
        + "or start the server with '--default-artifact-root'.";

    public async Task<IReadOnlyList<WorkspaceInfo>> ListAsync(CancellationToken ct)
    {
        var all = await provider.ListAsync(ct);
        var visible = await access.VisibleWorkspacesAsync(ct);
        return all.Where(w => visible(w.Name)).ToList();
    }

    public async Task<Result<WorkspaceInfo>> GetAsync(string name, CancellationToken ct)
    {
        if (WorkspaceNameValidator.ValidateForLookup(name) is { } invalid)
            return invalid;
        var found = await provider.GetAsync(name, ct);
        // A workspace the caller cannot see does not exist for them (SPEC §2: never reveal).
        return found is null || !(await access.VisibleWorkspacesAsync(ct))(name) ? Error.WorkspaceNotFound(name) : found;
    }

    /// <summary>The checks of a create that need no database, in the API's order; the UI runs them as the user types.</summary>
    public Error? ValidateCreate(CreateWorkspace request)
    {
        if (string.IsNullOrEmpty(request.Name))
            return Error.MissingParameter("name");
        if (request.Name == WorkspaceNames.Default)
            return Error.InvalidParameter("The 'default' workspace is reserved and cannot be created");
        if (WorkspaceNameValidator.Validate(request.Name) is { } invalid)
            return invalid;
        if (StoredText.Check(request.Description, "description", StoredText.WorkspaceDescription) is { } badDescription)
            return badDescription;
        var root = NormalizeRoot(request.DefaultArtifactRoot);
        if (!root.IsSuccess)
            return root.Error;
        return string.IsNullOrEmpty(root.Value) && settings.ServerArtifactRoot is null ? Error.InvalidParameter(NeedsArtifactRootMessage) : null;
    }

    public async Task<Result<WorkspaceInfo>> CreateAsync(CreateWorkspace request, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        if (!provider.Capabilities.Create)
            return WorkspaceProviderErrors.NotSupported(provider, "creating");
        if (ValidateCreate(request) is { } invalid)
            return invalid;
        var root = NormalizeRoot(request.DefaultArtifactRoot);
        var created = await provider.CreateAsync(request with { DefaultArtifactRoot = root.Value }, ct);
        if (created.IsSuccess)
            await audit.RecordAsync("workspace.create", "workspace", created.Value.Name, created.Value.Name, null, created.Value, ct);
        return created;
    }

    /// <summary>The checks of an update that need no database, in the API's order.</summary>
    public Error? ValidateUpdate(UpdateWorkspace request)
    {
        if (WorkspaceNameValidator.ValidateForLookup(request.Name) is { } invalid)
            return invalid;
        if (request.Description is null && request.DefaultArtifactRoot is null)
            return Error.InvalidParameter("Workspace update must have at least one key");
        if (StoredText.Check(request.Description, "description", StoredText.WorkspaceDescription) is { } badDescription)
            return badDescription;
        var root = NormalizeRoot(request.DefaultArtifactRoot);
        if (!root.IsSuccess)
            return root.Error;
        return root.Value is "" && settings.ServerArtifactRoot is null ? Error.InvalidParameter(NeedsArtifactRootMessage) : null;
    }

    public async Task<Result<WorkspaceInfo>> UpdateAsync(UpdateWorkspace request, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        if (!provider.Capabilities.Update)
            return WorkspaceProviderErrors.NotSupported(provider, "updating");
        if (ValidateUpdate(request) is { } invalid)
            return invalid;
        var root = NormalizeRoot(request.DefaultArtifactRoot);
        var before = await provider.GetAsync(request.Name, ct);
        if (before is null)
            return Error.WorkspaceNotFound(request.Name);
        var updated = await provider.UpdateAsync(request with { DefaultArtifactRoot = root.Value }, ct);
        if (updated.IsSuccess)
            await audit.RecordAsync("workspace.update", "workspace", request.Name, request.Name, before, updated.Value, ct);
        return updated;
    }

    public async Task<Result> DeleteAsync(string name, string? mode, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        if (!provider.Capabilities.Delete)
            return WorkspaceProviderErrors.NotSupported(provider, "deleting");
        if (name == WorkspaceNames.Default)
            return Error.InvalidParameter("The 'default' workspace is reserved and cannot be deleted");
        if (WorkspaceNameValidator.Validate(name) is { } invalid)
            return invalid;
        var parsed = ParseMode(mode);
        if (!parsed.IsSuccess)
            return parsed.Error;
        var deleted = await provider.DeleteAsync(name, parsed.Value, ct);
        if (deleted.IsSuccess)
        {
            // Whatever the provider, this process stops resolving the name at once (others within the cache's seconds).
            cache.Forget(name);
            await audit.RecordAsync("workspace.delete", "workspace", name, name, new { mode = mode ?? "RESTRICT" }, null, ct);
        }
        return deleted;
    }

    /// <summary>MLflow's mode names, case-sensitive; absent means RESTRICT.</summary>
    public static Result<WorkspaceDeletionMode> ParseMode(string? mode) => mode switch
    {
        null or "RESTRICT" => WorkspaceDeletionMode.Restrict,
        "CASCADE" => WorkspaceDeletionMode.Cascade,
        "SET_DEFAULT" => WorkspaceDeletionMode.SetDefault,
        _ => Error.InvalidParameter($"Invalid deletion mode '{mode}'. Must be one of: SET_DEFAULT, CASCADE, RESTRICT"),
    };

    /// <summary>null: not given; "": clear; otherwise the trimmed, validated URI.</summary>
    private static Result<string?> NormalizeRoot(string? value)
    {
        if (value is null)
            return Result<string?>.Success(null);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
            return "";
        return (StoredText.Check(trimmed, "default_artifact_root", StoredText.WorkspaceArtifactRoot)
                ?? ArtifactRootValidator.Validate(trimmed, "default_artifact_root")) is { } invalid
            ? invalid
            : trimmed;
    }

}
