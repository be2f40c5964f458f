using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// The workspace catalog: list, get, create, update and delete, with MLflow's rules and messages. Listing and getting
/// show only the workspaces the caller may see; changing the catalog is for admins.
/// </summary>
public sealed class WorkspaceService(
    IDbContextFactory<TrackingDbContext> dbFactory,
    ServerSettings settings,
    WorkspaceDeleter deleter,
    Auth.AccessService access,
    Auth.AuditService audit,
    Auth.Authorizer authz)
{
    /// <summary>What the caller may do in a workspace (the request's by default), for showing buttons.</summary>
    public Task<Common.Permission> PermissionAsync(string? name, CancellationToken ct) => authz.OnWorkspaceAsync(name, ct);

    public const string NeedsArtifactRootMessage =
        "Cannot create or update workspace without an artifact root. Either specify 'default_artifact_root' for this workspace "
        + "or start the server with '--default-artifact-root'.";

    public async Task<IReadOnlyList<WorkspaceInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Workspaces.ToListAsync(ct);
        var visible = await access.VisibleWorkspacesAsync(ct);
        // Ordinal order in memory: database collations (ICU) may ignore '-' when sorting.
        return rows.Where(w => visible(w.Name)).OrderBy(w => w.Name, StringComparer.Ordinal).Select(ToInfo).ToList();
    }

    public async Task<Result<WorkspaceInfo>> GetAsync(string name, CancellationToken ct)
    {
        if (WorkspaceNameValidator.ValidateForLookup(name) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Workspaces.FirstOrDefaultAsync(w => w.Name == name, ct);
        // A workspace the caller cannot see does not exist for them (SPEC §2: never reveal).
        return row is null || !(await access.VisibleWorkspacesAsync(ct))(name) ? Error.WorkspaceNotFound(name) : ToInfo(row);
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
        if (ValidateCreate(request) is { } invalid)
            return invalid;
        var name = request.Name!;
        var root = NormalizeRoot(request.DefaultArtifactRoot);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Workspaces.AnyAsync(w => w.Name == name, ct))
            return AlreadyExists(name);
        var row = new WorkspaceEntity { Name = name, Description = request.Description, DefaultArtifactRoot = NullIfEmpty(root.Value) };
        db.Workspaces.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            // Lost a race with a concurrent create of the same name.
            return AlreadyExists(name);
        }
        await audit.RecordAsync("workspace.create", "workspace", name, name, null, ToInfo(row), ct);
        return ToInfo(row);
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
        if (ValidateUpdate(request) is { } invalid)
            return invalid;
        var root = NormalizeRoot(request.DefaultArtifactRoot);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Workspaces.AsTracking().FirstOrDefaultAsync(w => w.Name == request.Name, ct);
        if (row is null)
            return Error.WorkspaceNotFound(request.Name);
        var before = ToInfo(row);
        if (request.Description is not null)
            row.Description = request.Description;
        if (root.Value is not null)
            row.DefaultArtifactRoot = NullIfEmpty(root.Value);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("workspace.update", "workspace", row.Name, row.Name, before, ToInfo(row), ct);
        return ToInfo(row);
    }

    public async Task<Result> DeleteAsync(string name, string? mode, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        if (name == WorkspaceNames.Default)
            return Error.InvalidParameter("The 'default' workspace is reserved and cannot be deleted");
        if (WorkspaceNameValidator.Validate(name) is { } invalid)
            return invalid;
        var parsed = ParseMode(mode);
        if (!parsed.IsSuccess)
            return parsed.Error;
        var deleted = await deleter.DeleteAsync(name, parsed.Value, ct);
        if (deleted.IsSuccess)
            await audit.RecordAsync("workspace.delete", "workspace", name, name, new { mode = mode ?? "RESTRICT" }, null, ct);
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

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static Error AlreadyExists(string name) => Error.AlreadyExists($"Workspace '{name}' already exists.");

    private static WorkspaceInfo ToInfo(WorkspaceEntity row) => new(row.Name, row.Description, row.DefaultArtifactRoot);
}
