using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Registry;

/// <summary>
/// Registered models and prompts of the current workspace: CRUD, tags, aliases, latest versions. Each operation asks
/// <see cref="Auth.Authorizer"/> first (creating needs UPDATE on the workspace; the rest the model's level).
/// </summary>
public sealed class RegisteredModelService(IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, TimeProvider time,
    Auth.AccessContext access, Auth.Authorizer authz)
{
    /// <summary>What the caller may do with a registered model or prompt, for showing buttons; operations decide again themselves.</summary>
    public Task<Common.Permission> PermissionAsync(string name, CancellationToken ct) => authz.OnRegisteredModelAsync(name, ct);

    public async Task<Result<RegisteredModelDto>> CreateAsync(string name, IReadOnlyList<KeyValue> tags, string? description, CancellationToken ct)
    {
        if (await authz.WorkspaceAsync(null, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        if ((RegistryRules.Name(name) ?? RegistryRules.Description(description)) is { } badField)
            return badField;
        foreach (var tag in tags)
        {
            if (RegistryRules.Tag(tag.Key, tag.Value, versionTag: false) is { } bad)
                return bad;
        }
        var isPrompt = RegistryRules.IsPrompt(tags);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await DuplicateAsync(db, name, isPrompt, ct) is { } duplicate)
            return duplicate;
        var now = Now();
        var model = new RegisteredModel { Name = name, Workspace = workspace.Name, CreationTimestamp = now, LastUpdatedTimestamp = now, Description = description };
        model.Tags.AddRange(tags.GroupBy(t => t.Key).Select(g => new RegisteredModelTag { Key = g.Key, Value = g.Last().Value }));
        db.RegisteredModels.Add(model);
        if (access.AuthEnabled && access.UserId is { } creator)
            db.RegisteredModelPermissions.Add(new RegisteredModelPermission { Model = model, UserId = creator, Permission = Common.Permission.Manage.Name });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            return Error.WorkspaceNotFound(workspace.Name);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            return await DuplicateAsync(again, name, isPrompt, ct) ?? RegistryRules.Duplicate(name, isPrompt, isPrompt);
        }
        return (await RegistryReader.LoadModelsAsync(db, [model.Id], ct))[0];
    }

    public async Task<Result<RegisteredModelDto>> GetAsync(string name, CancellationToken ct) =>
        await authz.RegisteredModelAsync(name, Common.AccessLevel.Read, ct) is { } denied ? denied : await LoadAsync(name, ct);

    private async Task<Result<RegisteredModelDto>> LoadAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        return id is null ? RegistryRules.ModelNotFound(name) : (await RegistryReader.LoadModelsAsync(db, [id.Value], ct))[0];
    }

    public async Task<Result<RegisteredModelDto>> RenameAsync(string name, string newName, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        if (RegistryRules.Name(newName, "new_name") is { } badName)
            return badName;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.AsTracking().FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null)
            return RegistryRules.ModelNotFound(name);
        if (name != newName && await db.RegisteredModels.AnyAsync(m => m.Name == newName, ct))
            return Error.AlreadyExists($"Registered Model (name={newName}) already exists.");
        model.Name = newName;
        model.LastUpdatedTimestamp = Now();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            return Error.AlreadyExists($"Registered Model (name={newName}) already exists.");
        }
        return (await RegistryReader.LoadModelsAsync(db, [model.Id], ct))[0];
    }

    /// <summary>Sets the description; absent means cleared, as MLflow's handler passes "" then.</summary>
    public async Task<Result<RegisteredModelDto>> UpdateAsync(string name, string? description, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        if (RegistryRules.Description(description) is { } bad)
            return bad;
        return await ChangeAsync(name, (_, model) =>
        {
            model.Description = string.IsNullOrEmpty(description) ? null : description;
            return Task.FromResult<Error?>(null);
        }, ct);
    }

    public async Task<Result> DeleteAsync(string name, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Delete, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = await db.RegisteredModels.Where(m => m.Name == name).ExecuteDeleteAsync(ct);
        return removed == 0 ? RegistryRules.ModelNotFound(name) : Result.Ok;
    }

    public async Task<Result<IReadOnlyList<ModelVersionDto>>> GetLatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Read, ct) is { } denied)
            return denied;
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in stages.Count == 0 ? RegistryRules.Stages : stages)
        {
            var canonical = RegistryRules.CanonicalStage(stage);
            if (!canonical.IsSuccess)
                return canonical.Error;
            wanted.Add(canonical.Value);
        }
        var model = await LoadAsync(name, ct);
        if (!model.IsSuccess)
            return model.Error;
        return model.Value.LatestVersions.Where(v => wanted.Contains(v.CurrentStage)).ToList();
    }

    public async Task<Result> SetTagAsync(string name, string? key, string? value, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        if (RegistryRules.Tag(key, value, versionTag: false) is { } bad)
            return bad;
        return (await ChangeAsync(name, async (db, model) =>
        {
            var tag = await db.RegisteredModelTags.AsTracking().FirstOrDefaultAsync(t => t.RegisteredModelId == model.Id && t.Key == key, ct);
            if (tag is null)
                db.RegisteredModelTags.Add(new RegisteredModelTag { RegisteredModelId = model.Id, Key = key!, Value = value });
            else
                tag.Value = value;
            return null;
        }, ct, touch: false)).Error is { } error ? error : Result.Ok;
    }

    /// <summary>Deleting a tag that is not there is a no-op, as in MLflow.</summary>
    public async Task<Result> DeleteTagAsync(string name, string key, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        return (await ChangeAsync(name, async (db, model) =>
        {
            await db.RegisteredModelTags.Where(t => t.RegisteredModelId == model.Id && t.Key == key).ExecuteDeleteAsync(ct);
            return null;
        }, ct, touch: false)).Error is { } error ? error : Result.Ok;
    }

    public async Task<Result> SetAliasAsync(string name, string alias, string? version, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        if (RegistryRules.Alias(alias, forSet: true) is { } bad)
            return bad;
        var number = RegistryRules.Version(version);
        if (!number.IsSuccess)
            return number.Error;
        return (await ChangeAsync(name, async (db, model) =>
        {
            if (!await db.ModelVersions.AnyAsync(v => v.RegisteredModelId == model.Id && v.Version == number.Value && v.CurrentStage != ModelVersion.DeletedStage, ct))
                return RegistryRules.VersionNotFound(name, number.Value);
            var existing = await db.RegisteredModelAliases.AsTracking().FirstOrDefaultAsync(a => a.RegisteredModelId == model.Id && a.Alias == alias, ct);
            if (existing is null)
                db.RegisteredModelAliases.Add(new RegisteredModelAlias { RegisteredModelId = model.Id, Alias = alias, Version = number.Value });
            else
                existing.Version = number.Value;
            return null;
        }, ct)).Error is { } error ? error : Result.Ok;
    }

    public async Task<Result> DeleteAliasAsync(string name, string alias, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Delete, ct) is { } denied)
            return denied;
        return (await ChangeAsync(name, async (db, model) =>
        {
            await db.RegisteredModelAliases.Where(a => a.RegisteredModelId == model.Id && a.Alias == alias).ExecuteDeleteAsync(ct);
            return null;
        }, ct)).Error is { } error ? error : Result.Ok;
    }

    /// <summary>The version an alias points to; <c>latest</c> resolves to the newest version (MLflow 3.3+).</summary>
    public async Task<Result<ModelVersionDto>> GetByAliasAsync(string name, string alias, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null)
            return RegistryRules.ModelNotFound(name);
        int? version = string.Equals(alias, RegistryRules.LatestAlias, StringComparison.OrdinalIgnoreCase)
            ? await db.ModelVersions.Where(v => v.RegisteredModelId == model.Id && v.CurrentStage != ModelVersion.DeletedStage).MaxAsync(v => (int?)v.Version, ct)
            : await db.RegisteredModelAliases.Where(a => a.RegisteredModelId == model.Id && a.Alias == alias).Select(a => (int?)a.Version).FirstOrDefaultAsync(ct);
        if (version is null)
            return Error.NotFound($"Registered model alias {alias} not found.");
        var loaded = await RegistryReader.LoadVersionsAsync(db, [(model.Id, version.Value)], ct);
        return loaded.Count == 0 ? RegistryRules.VersionNotFound(name, version.Value) : loaded[0];
    }

    private async Task<Result<RegisteredModelDto>> ChangeAsync(string name, Func<TrackingDbContext, RegisteredModel, Task<Error?>> change, CancellationToken ct,
        bool touch = true)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.AsTracking().FirstOrDefaultAsync(m => m.Name == name, ct);
        if (model is null)
            return RegistryRules.ModelNotFound(name);
        if (await change(db, model) is { } error)
            return error;
        if (touch)
            model.LastUpdatedTimestamp = Now();
        await db.SaveChangesAsync(ct);
        return (await RegistryReader.LoadModelsAsync(db, [model.Id], ct))[0];
    }

    private static async Task<Error?> DuplicateAsync(TrackingDbContext db, string name, bool isPrompt, CancellationToken ct)
    {
        if (!await db.RegisteredModels.AnyAsync(m => m.Name == name, ct))
            return null;
        var existingIsPrompt = await db.RegisteredModels.Where(m => m.Name == name).AnyAsync(RegisteredModel.IsPrompt, ct);
        return RegistryRules.Duplicate(name, existingIsPrompt, isPrompt);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
