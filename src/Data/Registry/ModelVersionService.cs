using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;

namespace Workspaces.Data.Registry;

/// <summary>
/// Model (and prompt) versions: numbered per model from 1, never reused; stages, tags, download URIs. A version follows
/// its model's grants: each operation asks <see cref="Auth.Authorizer"/> for the model first.
/// </summary>
public sealed class ModelVersionService(
    IDbContextFactory<TrackingDbContext> dbFactory, TimeProvider time, ServerSettings settings, Tenancy.WorkspaceContext workspace,
    Tenancy.IWorkspaceProvider workspaces, Auth.Authorizer authz)
{
    private const int CreateAttempts = 3;

    public async Task<Result<ModelVersionDto>> CreateAsync(CreateModelVersionRequest request, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(request.Name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var fields = RegistryRules.Description(request.Description) ?? StoredText.Check(request.Source, "source", StoredText.ModelVersionSource)
            ?? StoredText.Check(request.RunId, "run_id", StoredText.RunId) ?? StoredText.Check(request.RunLink, "run_link", StoredText.RunLink)
            ?? StoredText.Check(request.ModelId, "model_id", StoredText.LoggedModelId);
        if (fields is not null)
            return fields;
        foreach (var tag in request.Tags)
        {
            if (RegistryRules.Tag(tag.Key, tag.Value, versionTag: true) is { } bad)
                return bad;
        }
        var isPrompt = RegistryRules.IsPrompt(request.Tags);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.FirstOrDefaultAsync(m => m.Name == request.Name, ct);
        if (model is null)
            return RegistryRules.ModelNotFound(request.Name);

        var runId = string.IsNullOrEmpty(request.RunId) ? null : request.RunId;
        var modelId = string.IsNullOrEmpty(request.ModelId) ? null : request.ModelId;
        string? storage = null;
        var loggedModelId = ModelIdFromSource(request.Source) ?? modelId;
        string? artifactRoot = null;
        if (loggedModelId is not null)
        {
            var logged = await db.LoggedModels.Where(m => m.ModelId == loggedModelId).Select(m => new { m.ArtifactLocation, m.SourceRunId }).FirstOrDefaultAsync(ct);
            if (logged is null)
            {
                return Error.InvalidParameter($"Unable to fetch model from model URI source artifact location '{request.Source}'."
                    + $"Error: {NotFoundErrors.LoggedModel(loggedModelId).Message}");
            }
            storage = ModelIdFromSource(request.Source) is null ? null : logged.ArtifactLocation;
            artifactRoot = logged.ArtifactLocation;
            runId ??= logged.SourceRunId;
            modelId ??= loggedModelId;
        }
        else if (runId is not null)
        {
            // The run must be one of this workspace's: a version must not link (and later lead) to another team's run.
            var run = await db.Runs.Where(r => r.RunUuid == runId).Select(r => new { r.ArtifactUri }).FirstOrDefaultAsync(ct);
            if (run is null)
                return NotFoundErrors.Run(runId);
            artifactRoot = run.ArtifactUri;
        }
        if (SourceValidation.Validate(request.Source, artifactRoot, isPrompt, viaModelId: loggedModelId is not null) is { } badSource)
            return badSource;
        var roots = (await workspaces.ListAsync(ct)).Where(w => !string.IsNullOrEmpty(w.DefaultArtifactRoot)).Select(w => new { w.Name, Root = w.DefaultArtifactRoot! }).ToList();
        if (settings.EnableWorkspaces && SourceScope.InOtherWorkspace(request.Source, workspace.Name, settings, roots.Select(r => (r.Name, r.Root)).ToList()))
        {
            return Error.InvalidParameter($"Invalid model version source: '{request.Source}'. "
                + "The source must not point into another workspace's artifact location.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var next = (await db.ModelVersions.Where(v => v.RegisteredModelId == model.Id).MaxAsync(v => (int?)v.Version, ct) ?? 0) + 1;
            var now = Now();
            var version = new ModelVersion
            {
                RegisteredModelId = model.Id, Version = next, CreationTimestamp = now, LastUpdatedTimestamp = now, Source = request.Source,
                StorageLocation = storage, RunId = runId, RunLink = string.IsNullOrEmpty(request.RunLink) ? null : request.RunLink,
                Description = string.IsNullOrEmpty(request.Description) ? null : request.Description, ModelId = modelId,
            };
            version.Tags.AddRange(request.Tags.GroupBy(t => t.Key).Select(g => new ModelVersionTag { Key = g.Key, Value = g.Last().Value }));
            db.ModelVersions.Add(version);
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                await db.RegisteredModels.Where(m => m.Id == model.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUpdatedTimestamp, now), ct);
                await tx.CommitAsync(ct);
                return (await RegistryReader.LoadVersionsAsync(db, [(model.Id, next)], ct))[0];
            }
            catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex) && attempt < CreateAttempts)
            {
                db.ChangeTracker.Clear(); // a concurrent create took this number: take the next one
            }
            catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
            {
                return Error.InvalidState($"Model Version creation error (name={request.Name}). Giving up after {CreateAttempts} attempts.");
            }
        }
    }

    public async Task<Result<ModelVersionDto>> GetAsync(string name, string? version, CancellationToken ct) =>
        await authz.RegisteredModelAsync(name, Common.AccessLevel.Read, ct) is { } denied ? denied : await LoadAsync(name, version, ct);

    private async Task<Result<ModelVersionDto>> LoadAsync(string name, string? version, CancellationToken ct)
    {
        var found = await FindAsync(name, version, ct);
        if (!found.IsSuccess)
            return found.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await RegistryReader.LoadVersionsAsync(db, [found.Value], ct))[0];
    }

    /// <summary>Sets the description; absent clears it (MLflow passes None then).</summary>
    public async Task<Result<ModelVersionDto>> UpdateAsync(string name, string? version, string? description, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        if (RegistryRules.Description(description) is { } bad)
            return bad;
        return await ChangeAsync(name, version, (_, v) =>
        {
            v.Description = string.IsNullOrEmpty(description) ? null : description;
            return Task.FromResult<Error?>(null);
        }, ct);
    }

    /// <summary>Soft delete: the number stays taken, details are redacted, aliases to it are removed.</summary>
    public async Task<Result> DeleteAsync(string name, string? version, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Delete, ct) is { } denied)
            return denied;
        var result = await ChangeAsync(name, version, async (db, v) =>
        {
            await db.RegisteredModelAliases.Where(a => a.RegisteredModelId == v.RegisteredModelId && a.Version == v.Version).ExecuteDeleteAsync(ct);
            v.CurrentStage = ModelVersion.DeletedStage;
            (v.Description, v.UserId, v.StatusMessage, v.StorageLocation) = (null, null, null, null);
            (v.Source, v.RunId, v.RunLink) = ("REDACTED-SOURCE-PATH", "REDACTED-RUN-ID", "REDACTED-RUN-LINK");
            await TouchModelAsync(db, v.RegisteredModelId, ct);
            return null;
        }, ct, reload: false);
        return result.Error is { } error ? error : Result.Ok;
    }

    public async Task<Result<ModelVersionDto>> TransitionAsync(string name, string? version, string? stage, bool archiveExisting, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var canonical = RegistryRules.CanonicalStage(stage);
        if (!canonical.IsSuccess)
            return canonical.Error;
        if (archiveExisting && !RegistryRules.ActiveStages.Contains(canonical.Value))
        {
            return Error.InvalidParameter($"Model version transition cannot archive existing model versions because '{stage}' is not an Active stage. "
                + $"Valid stages are [{string.Join(", ", RegistryRules.ActiveStages.Select(s => $"'{s}'"))}]");
        }
        return await ChangeAsync(name, version, async (db, v) =>
        {
            var now = Now();
            if (archiveExisting)
            {
                await db.ModelVersions.Where(o => o.RegisteredModelId == v.RegisteredModelId && o.Version != v.Version && o.CurrentStage == canonical.Value)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.CurrentStage, "Archived").SetProperty(o => o.LastUpdatedTimestamp, now), ct);
            }
            v.CurrentStage = canonical.Value;
            await TouchModelAsync(db, v.RegisteredModelId, ct);
            return null;
        }, ct);
    }

    public async Task<Result<string>> GetDownloadUriAsync(string name, string? version, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Read, ct) is { } denied)
            return denied;
        var found = await LoadAsync(name, version, ct);
        if (!found.IsSuccess)
            return found.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (modelId, number) = (await FindAsync(name, version, ct)).Value;
        var row = await db.ModelVersions.Where(v => v.RegisteredModelId == modelId && v.Version == number).Select(v => new { v.StorageLocation, v.Source }).FirstAsync(ct);
        return row.StorageLocation ?? row.Source ?? "";
    }

    public async Task<Result> SetTagAsync(string name, string? version, string? key, string? value, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        if (RegistryRules.Tag(key, value, versionTag: true) is { } bad)
            return bad;
        var result = await ChangeAsync(name, version, async (db, v) =>
        {
            var tag = await db.ModelVersionTags.AsTracking()
                .FirstOrDefaultAsync(t => t.RegisteredModelId == v.RegisteredModelId && t.Version == v.Version && t.Key == key, ct);
            if (tag is null)
                db.ModelVersionTags.Add(new ModelVersionTag { RegisteredModelId = v.RegisteredModelId, Version = v.Version, Key = key!, Value = value });
            else
                tag.Value = value;
            return null;
        }, ct, touch: false, reload: false);
        return result.Error is { } error ? error : Result.Ok;
    }

    public async Task<Result> DeleteTagAsync(string name, string? version, string key, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Delete, ct) is { } denied)
            return denied;
        var result = await ChangeAsync(name, version, async (db, v) =>
        {
            await db.ModelVersionTags.Where(t => t.RegisteredModelId == v.RegisteredModelId && t.Version == v.Version && t.Key == key).ExecuteDeleteAsync(ct);
            return null;
        }, ct, touch: false, reload: false);
        return result.Error is { } error ? error : Result.Ok;
    }

    /// <summary><c>models:/m-…</c> (a single segment without <c>@</c>) names a logged model.</summary>
    private static string? ModelIdFromSource(string source)
    {
        if (!source.StartsWith("models:/", StringComparison.Ordinal))
            return null;
        var rest = source["models:/".Length..].Trim('/');
        return rest.Length > 0 && !rest.Contains('/', StringComparison.Ordinal) && !rest.Contains('@', StringComparison.Ordinal) ? rest : null;
    }

    private async Task<Result<(long ModelId, int Version)>> FindAsync(string name, string? version, CancellationToken ct)
    {
        var number = RegistryRules.Version(version);
        if (!number.IsSuccess)
            return number.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.ModelVersions
            .Where(v => v.Model!.Name == name && v.Version == number.Value && v.CurrentStage != ModelVersion.DeletedStage)
            .Select(v => (long?)v.RegisteredModelId).FirstOrDefaultAsync(ct);
        return modelId is null ? RegistryRules.VersionNotFound(name, number.Value) : (modelId.Value, number.Value);
    }

    private async Task<Result<ModelVersionDto>> ChangeAsync(string name, string? version, Func<TrackingDbContext, ModelVersion, Task<Error?>> change,
        CancellationToken ct, bool touch = true, bool reload = true)
    {
        var found = await FindAsync(name, version, ct);
        if (!found.IsSuccess)
            return found.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.ModelVersions.AsTracking().FirstAsync(v => v.RegisteredModelId == found.Value.ModelId && v.Version == found.Value.Version, ct);
        if (await change(db, row) is { } error)
            return error;
        if (touch)
            row.LastUpdatedTimestamp = Now();
        await db.SaveChangesAsync(ct);
        return reload ? (await RegistryReader.LoadVersionsAsync(db, [found.Value], ct))[0] : default(Result<ModelVersionDto>);
    }

    private async Task TouchModelAsync(TrackingDbContext db, long modelId, CancellationToken ct)
    {
        var now = Now();
        await db.RegisteredModels.Where(m => m.Id == modelId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastUpdatedTimestamp, now), ct);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
