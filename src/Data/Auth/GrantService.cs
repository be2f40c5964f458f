using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>
/// Grants on workspaces, experiments and registered models (MLflow's permission endpoints), all audited. Granting on a
/// resource needs MANAGE on it, in a workspace MANAGE on that workspace; reading every workspace's grants of a user is
/// for admins.
/// </summary>
public sealed class GrantService(
    IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, IWorkspaceProvider workspaces, AuditService audit, Authorizer authz)
{
    public async Task<Result<IReadOnlyList<WorkspaceGrant>>> ListWorkspaceAsync(string name, CancellationToken ct)
    {
        if (await authz.WorkspaceAsync(name, AccessLevel.Manage, ct) is { } denied)
            return denied;
        if (WorkspaceNameValidator.ValidateForLookup(name) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await workspaces.GetAsync(name, ct) is null)
            return Error.WorkspaceNotFound(name);
        return await db.WorkspacePermissions.Where(p => p.Workspace == name).OrderBy(p => p.UserId)
            .Select(p => new WorkspaceGrant(p.Workspace, p.UserId, p.Permission, p.User!.Username)).ToListAsync(ct);
    }

    /// <summary>A user's grants in every workspace (MLflow's <c>workspace-permissions</c>): admins only.</summary>
    public async Task<Result<IReadOnlyList<WorkspaceGrant>>> ListForUserAsync(string username, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userId = await db.Users.Where(u => u.Username == username).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        if (userId is null)
            return UserService.NotFound(username);
        return await db.WorkspacePermissions.Where(p => p.UserId == userId).OrderBy(p => p.Workspace)
            .Select(p => new WorkspaceGrant(p.Workspace, p.UserId, p.Permission, p.User!.Username)).ToListAsync(ct);
    }

    /// <summary>Grant or change (POST is an upsert in MLflow); missing keys, workspace, user and level are checked in that order.</summary>
    public async Task<Result<WorkspaceGrant>> SetWorkspaceAsync(string name, string? username, string? permission, CancellationToken ct)
    {
        if (await authz.WorkspaceAsync(name, AccessLevel.Manage, ct) is { } denied)
            return denied;
        var missing = new[] { ("permission", permission), ("username", username) }.Where(k => string.IsNullOrEmpty(k.Item2)).Select(k => k.Item1).ToList();
        if (missing.Count > 0)
            return Error.InvalidParameter($"Workspace permission payload missing keys: {string.Join(", ", missing)}");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (WorkspaceNameValidator.ValidateForLookup(name) is { } invalid)
            return invalid;
        if (await workspaces.GetAsync(name, ct) is null)
            return Error.WorkspaceNotFound(name);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user is null)
            return UserService.NotFound(username!);
        var level = Permission.Parse(permission);
        if (!level.IsSuccess)
            return level.Error;
        var row = await db.WorkspacePermissions.AsTracking().FirstOrDefaultAsync(p => p.Workspace == name && p.UserId == user.Id, ct);
        var before = row?.Permission;
        if (row is null)
            db.WorkspacePermissions.Add(new WorkspacePermission { Workspace = name, UserId = user.Id, Permission = level.Value.Name });
        else
            row.Permission = level.Value.Name;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("grant.workspace.set", "user", user.Username, name, before is null ? null : new { permission = before }, new { permission = level.Value.Name }, ct);
        return new WorkspaceGrant(name, user.Id, level.Value.Name, user.Username);
    }

    public async Task<Result> DeleteWorkspaceAsync(string name, string? username, CancellationToken ct)
    {
        if (await authz.WorkspaceAsync(name, AccessLevel.Manage, ct) is { } denied)
            return denied;
        if (string.IsNullOrEmpty(username))
            return Error.MissingParameter("username");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.WorkspacePermissions.FirstOrDefaultAsync(p => p.Workspace == name && p.User!.Username == username, ct);
        if (row is null)
            return Error.NotFound($"Workspace permission does not exist for workspace='{name}', username='{username}'");
        await db.WorkspacePermissions.Where(p => p.Workspace == name && p.UserId == row.UserId).ExecuteDeleteAsync(ct);
        await audit.RecordAsync("grant.workspace.delete", "user", username, name, new { permission = row.Permission }, null, ct);
        return Result.Ok;
    }

    public Task<Result<ExperimentGrant>> CreateExperimentAsync(string? experimentId, string? username, string? permission, CancellationToken ct) =>
        ChangeExperimentAsync(experimentId, username, permission, create: true, ct);

    public Task<Result<ExperimentGrant>> UpdateExperimentAsync(string? experimentId, string? username, string? permission, CancellationToken ct) =>
        ChangeExperimentAsync(experimentId, username, permission, create: false, ct);

    public async Task<Result<ExperimentGrant>> GetExperimentAsync(string? experimentId, string username, CancellationToken ct)
    {
        var parsed = ExperimentIds.Parse(experimentId);
        if (!parsed.IsSuccess)
            return parsed.Error;
        if (await authz.ExperimentAsync(parsed.Value, AccessLevel.Manage, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ExperimentPermissions.FirstOrDefaultAsync(p => p.ExperimentId == parsed.Value && p.User!.Username == username, ct);
        return row is null
            ? Error.NotFound($"Experiment permission with experiment_id={experimentId} and username={username} not found")
            : new ExperimentGrant(ExperimentIds.Format(row.ExperimentId), row.UserId, row.Permission);
    }

    public async Task<Result> DeleteExperimentAsync(string? experimentId, string username, CancellationToken ct)
    {
        var parsed = ExperimentIds.Parse(experimentId);
        if (!parsed.IsSuccess)
            return parsed.Error;
        if (await authz.ExperimentAsync(parsed.Value, AccessLevel.Manage, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = await db.ExperimentPermissions.Where(p => p.ExperimentId == parsed.Value && p.User!.Username == username).ExecuteDeleteAsync(ct);
        if (removed == 0)
            return Error.NotFound($"Experiment permission with experiment_id={experimentId} and username={username} not found");
        await audit.RecordAsync("grant.experiment.delete", "user", username, workspace.Name, new { experiment_id = experimentId }, null, ct);
        return Result.Ok;
    }

    public Task<Result<RegisteredModelGrant>> CreateModelAsync(string name, string? username, string? permission, CancellationToken ct) =>
        ChangeModelAsync(name, username, permission, create: true, ct);

    public Task<Result<RegisteredModelGrant>> UpdateModelAsync(string name, string? username, string? permission, CancellationToken ct) =>
        ChangeModelAsync(name, username, permission, create: false, ct);

    public async Task<Result<RegisteredModelGrant>> GetModelAsync(string name, string username, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, AccessLevel.Manage, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.RegisteredModelPermissions.FirstOrDefaultAsync(p => p.Model!.Name == name && p.User!.Username == username, ct);
        return row is null ? ModelGrantNotFound(name, username) : new RegisteredModelGrant(name, row.UserId, row.Permission, workspace.Name);
    }

    public async Task<Result> DeleteModelAsync(string name, string username, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, AccessLevel.Manage, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = await db.RegisteredModelPermissions.Where(p => p.Model!.Name == name && p.User!.Username == username).ExecuteDeleteAsync(ct);
        if (removed == 0)
            return ModelGrantNotFound(name, username);
        await audit.RecordAsync("grant.registered_model.delete", "user", username, workspace.Name, new { name }, null, ct);
        return Result.Ok;
    }

    private async Task<Result<ExperimentGrant>> ChangeExperimentAsync(string? experimentId, string? username, string? permission, bool create, CancellationToken ct)
    {
        var parsed = ExperimentIds.Parse(experimentId);
        if (!parsed.IsSuccess)
            return parsed.Error;
        if (await authz.ExperimentAsync(parsed.Value, AccessLevel.Manage, ct) is { } denied)
            return denied;
        var level = Permission.Parse(permission);
        if (!level.IsSuccess)
            return level.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Tracked, so a new grant hangs off the loaded principal: the Default experiment's id is 0, which EF Core would
        // otherwise take for "key not set yet" and refuse to save.
        var experiment = await db.Experiments.AsTracking().FirstOrDefaultAsync(e => e.ExperimentId == parsed.Value, ct);
        if (experiment is null)
            return ExperimentIds.NotFound(experimentId!);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user is null)
            return UserService.NotFound(username ?? "");
        var row = await db.ExperimentPermissions.AsTracking().FirstOrDefaultAsync(p => p.ExperimentId == parsed.Value && p.UserId == user.Id, ct);
        if (create && row is not null)
            return Error.AlreadyExists($"Experiment permission (experiment_id={experimentId}, username={username}) already exists.");
        if (!create && row is null)
            return Error.NotFound($"Experiment permission with experiment_id={experimentId} and username={username} not found");
        var before = row?.Permission;
        if (row is null)
            db.ExperimentPermissions.Add(new ExperimentPermission { Experiment = experiment, ExperimentId = parsed.Value, UserId = user.Id, Permission = level.Value.Name });
        else
            row.Permission = level.Value.Name;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(create ? "grant.experiment.create" : "grant.experiment.update", "user", user.Username, workspace.Name,
            before is null ? null : new { experiment_id = experimentId, permission = before }, new { experiment_id = experimentId, permission = level.Value.Name }, ct);
        return new ExperimentGrant(ExperimentIds.Format(parsed.Value), user.Id, level.Value.Name);
    }

    private async Task<Result<RegisteredModelGrant>> ChangeModelAsync(string name, string? username, string? permission, bool create, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, AccessLevel.Manage, ct) is { } denied)
            return denied;
        var level = Permission.Parse(permission);
        if (!level.IsSuccess)
            return level.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        if (modelId is null)
            return RegistryRules.ModelNotFound(name);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user is null)
            return UserService.NotFound(username ?? "");
        var row = await db.RegisteredModelPermissions.AsTracking().FirstOrDefaultAsync(p => p.RegisteredModelId == modelId && p.UserId == user.Id, ct);
        if (create && row is not null)
            return Error.AlreadyExists($"Registered model permission (name={name}, username={username}) already exists.");
        if (!create && row is null)
            return ModelGrantNotFound(name, username!);
        var before = row?.Permission;
        if (row is null)
            db.RegisteredModelPermissions.Add(new RegisteredModelPermission { RegisteredModelId = modelId.Value, UserId = user.Id, Permission = level.Value.Name });
        else
            row.Permission = level.Value.Name;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(create ? "grant.registered_model.create" : "grant.registered_model.update", "user", user.Username, workspace.Name,
            before is null ? null : new { name, permission = before }, new { name, permission = level.Value.Name }, ct);
        return new RegisteredModelGrant(name, user.Id, level.Value.Name, workspace.Name);
    }

    private Error ModelGrantNotFound(string name, string username) =>
        Error.NotFound($"Registered model permission with workspace={workspace.Name}, name={name} and username={username} not found");
}
