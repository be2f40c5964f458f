using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Tracking;

/// <summary>Experiments of the current workspace: create, read, rename, delete/restore and tags.</summary>
public sealed class ExperimentService(
    IDbContextFactory<TrackingDbContext> dbFactory,
    WorkspaceContext workspace,
    IWorkspaceProvider workspaces,
    ServerSettings settings,
    TimeProvider time,
    RunStateCache runCache,
    AccessContext access,
    Authorizer authz)
{
    public async Task<Result<string>> CreateAsync(string? name, string? artifactLocation, IReadOnlyList<KeyValue> tags, CancellationToken ct)
    {
        if (await authz.WorkspaceAsync(null, AccessLevel.Update, ct) is { } denied)
            return denied;
        if (TrackingValidation.ExperimentName(name) is { } badName)
            return badName;
        foreach (var tag in tags)
        {
            if (TrackingValidation.ExperimentTag(tag.Key, tag.Value) is { } badTag)
                return badTag;
        }
        if (!string.IsNullOrEmpty(artifactLocation))
        {
            if (settings.EnableWorkspaces)
                return Error.InvalidParameter("artifact_location cannot be specified when workspaces are enabled");
            if ((StoredText.Check(artifactLocation, "artifact_location", StoredText.ArtifactLocation)
                    ?? ArtifactRootValidator.Validate(artifactLocation, "artifact_location")) is { } badLocation)
                return badLocation;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var root = await ResolveRootAsync(ct);
        if (!root.IsSuccess)
            return root.Error;
        if (await db.Experiments.AnyAsync(e => e.Name == name, ct))
            return AlreadyExists(name!);

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var experiment = new Experiment { Name = name!, Workspace = workspace.Name, CreationTime = now, LastUpdateTime = now };
        experiment.Tags.AddRange(tags.Select(t => new ExperimentTag { Key = t.Key, Value = t.Value }));
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Experiments.Add(experiment);
            await db.SaveChangesAsync(ct);
            // The location needs the id, which the database assigns.
            experiment.ArtifactLocation = string.IsNullOrEmpty(artifactLocation)
                ? ArtifactUri.Append(root.Value, ExperimentIds.Format(experiment.ExperimentId))
                : artifactLocation;
            // The creator manages what they created (and can grant others access to it).
            if (access.AuthEnabled && access.UserId is { } creator)
                db.ExperimentPermissions.Add(new ExperimentPermission { ExperimentId = experiment.ExperimentId, UserId = creator, Permission = Permission.Manage.Name });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            return Error.WorkspaceNotFound(workspace.Name); // deleted while we were creating in it
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            return AlreadyExists(name!);
        }
        return ExperimentIds.Format(experiment.ExperimentId);
    }

    public async Task<Result<ExperimentInfo>> GetAsync(string? id, CancellationToken ct)
    {
        var parsed = ExperimentIds.Parse(id);
        if (!parsed.IsSuccess)
            return parsed.Error;
        if (await authz.ExperimentAsync(parsed.Value, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.Include(e => e.Tags).FirstOrDefaultAsync(e => e.ExperimentId == parsed.Value, ct);
        return experiment is null ? ExperimentIds.NotFound(ExperimentIds.Format(parsed.Value)) : ToInfo(experiment);
    }

    public async Task<Result<ExperimentInfo>> GetByNameAsync(string name, CancellationToken ct)
    {
        if (await authz.ExperimentByNameAsync(name, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.Include(e => e.Tags).FirstOrDefaultAsync(e => e.Name == name, ct);
        return experiment is null ? Error.NotFound($"Could not find experiment with name '{name}'") : ToInfo(experiment);
    }

    public async Task<Result> RenameAsync(string? id, string? newName, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, AccessLevel.Update, ct) is { } denied)
            return denied;
        if (TrackingValidation.ExperimentName(newName) is { } badName)
            return badName;
        return await ChangeAsync(id, ViewType.All, checkedLevel: null, async (db, experiment) =>
        {
            if (experiment.LifecycleStage != Experiment.ActiveStage)
                return Error.InvalidState("Cannot rename a non-active experiment.");
            if (experiment.Name == newName)
                return Result.Ok;
            if (await db.Experiments.AnyAsync(e => e.Name == newName, ct))
                return AlreadyExists(newName!);
            experiment.Name = newName!;
            return Result.Ok;
        }, ct, duplicateName: newName);
    }

    public Task<Result> DeleteAsync(string? id, CancellationToken ct) => SetStageAsync(id, ViewType.ActiveOnly, Experiment.DeletedStage, ct);

    public Task<Result> RestoreAsync(string? id, CancellationToken ct) => SetStageAsync(id, ViewType.DeletedOnly, Experiment.ActiveStage, ct);

    /// <summary>What the caller may do with an experiment, for showing buttons; operations decide again themselves.</summary>
    public async Task<Permission> PermissionAsync(string? id, CancellationToken ct) =>
        ExperimentIds.Parse(id) is { IsSuccess: true } parsed ? await authz.OnExperimentAsync(parsed.Value, ct) : Permission.None;

    public async Task<Result> SetTagAsync(string? id, string? key, string? value, CancellationToken ct)
    {
        if (await AuthorizeAsync(id, AccessLevel.Update, ct) is { } denied)
            return denied;
        if (TrackingValidation.ExperimentTag(key, value) is { } bad)
            return bad;
        return await ChangeAsync(id, ViewType.All, checkedLevel: null, async (db, experiment) =>
        {
            if (experiment.LifecycleStage != Experiment.ActiveStage)
                return ExperimentIds.NotActive(experiment.ExperimentId, experiment.LifecycleStage);
            var tag = await db.ExperimentTags.AsTracking().FirstOrDefaultAsync(t => t.ExperimentId == experiment.ExperimentId && t.Key == key, ct);
            if (tag is null)
                db.ExperimentTags.Add(new ExperimentTag { ExperimentId = experiment.ExperimentId, Key = key!, Value = value });
            else
                tag.Value = value;
            return Result.Ok;
        }, ct, touch: false);
    }

    public async Task<Result> DeleteTagAsync(string? id, string key, CancellationToken ct) =>
        await ChangeAsync(id, ViewType.All, AccessLevel.Update, async (db, experiment) =>
        {
            if (experiment.LifecycleStage != Experiment.ActiveStage)
                return ExperimentIds.NotActive(experiment.ExperimentId, experiment.LifecycleStage);
            var removed = await db.ExperimentTags.Where(t => t.ExperimentId == experiment.ExperimentId && t.Key == key).ExecuteDeleteAsync(ct);
            return removed == 0 ? Error.NotFound($"No tag with name: {key} in experiment with id {experiment.ExperimentId}") : Result.Ok;
        }, ct, touch: false);

    private async Task<Result> SetStageAsync(string? id, ViewType findIn, string stage, CancellationToken ct)
    {
        var result = await ChangeAsync(id, findIn, AccessLevel.Delete, async (db, experiment) =>
        {
            experiment.LifecycleStage = stage;
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            long? deletedTime = stage == Experiment.DeletedStage ? now : null;
            // All runs follow their experiment, including runs deleted on their own before a restore.
            await db.Runs.Where(r => r.ExperimentId == experiment.ExperimentId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LifecycleStage, stage).SetProperty(r => r.DeletedTime, deletedTime), ct);
            runCache.ForgetExperiment(experiment.ExperimentId);
            return Result.Ok;
        }, ct);
        return result;
    }

    /// <summary>The caller's right to act on the experiment; a malformed id is left to the operation's own 400.</summary>
    private async Task<Error?> AuthorizeAsync(string? id, AccessLevel level, CancellationToken ct) =>
        ExperimentIds.Parse(id) is { IsSuccess: true } parsed ? await authz.ExperimentAsync(parsed.Value, level, ct) : null;

    /// <summary>
    /// Checks the caller for <paramref name="checkedLevel"/> (null: the operation checked before its own validation), loads
    /// the experiment (tracked, filtered by <paramref name="findIn"/>), applies a change, saves.
    /// </summary>
    private async Task<Result> ChangeAsync(string? id, ViewType findIn, AccessLevel? checkedLevel, Func<TrackingDbContext, Experiment, Task<Result>> change,
        CancellationToken ct, bool touch = true, string? duplicateName = null)
    {
        var parsed = ExperimentIds.Parse(id);
        if (!parsed.IsSuccess)
            return parsed.Error;
        if (checkedLevel is { } level && await authz.ExperimentAsync(parsed.Value, level, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stages = ViewTypes.Stages(findIn);
        var experiment = await db.Experiments.AsTracking()
            .FirstOrDefaultAsync(e => e.ExperimentId == parsed.Value && stages.Contains(e.LifecycleStage), ct);
        if (experiment is null)
            return ExperimentIds.NotFound(ExperimentIds.Format(parsed.Value));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = await change(db, experiment);
        if (!outcome.IsSuccess)
            return outcome;
        if (touch)
            experiment.LastUpdateTime = time.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (duplicateName is not null && DbErrors.IsConstraintViolation(ex))
        {
            return AlreadyExists(duplicateName);
        }
        return Result.Ok;
    }

    /// <summary>SPEC §5, as the workspace provider decides it: the workspace's own root, else <c>&lt;server root&gt;/workspaces/&lt;ws&gt;</c>.</summary>
    private async Task<Result<string>> ResolveRootAsync(CancellationToken ct)
    {
        if (!settings.EnableWorkspaces)
        {
            return settings.ServerArtifactRoot is { } serverRoot
                ? serverRoot
                : Error.InvalidParameter("Cannot determine an artifact root: start the server with --default-artifact-root.");
        }
        var info = await workspaces.GetAsync(workspace.Name, ct) ?? new WorkspaceInfo(workspace.Name, null, null);
        var choice = workspaces.ResolveArtifactRoot(settings.ServerArtifactRoot, info);
        if (!string.IsNullOrEmpty(choice.Root) && !choice.AppendWorkspacePath)
            return choice.Root;
        return choice.Root is { Length: > 0 } root
            ? ArtifactUri.Append(root, "workspaces", workspace.Name)
            : Error.InvalidParameter($"Cannot determine an artifact root for workspace '{workspace.Name}'. Set --default-artifact-root when starting "
                + "the server or configure the workspace's default_artifact_root.");
    }

    private static Error AlreadyExists(string name) => Error.AlreadyExists($"Experiment(name={name}) already exists.");

    internal static ExperimentInfo ToInfo(Experiment e) => new(
        ExperimentIds.Format(e.ExperimentId), e.Name, e.ArtifactLocation, e.LifecycleStage, e.LastUpdateTime, e.CreationTime,
        e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)).ToList(), e.Workspace);
}
