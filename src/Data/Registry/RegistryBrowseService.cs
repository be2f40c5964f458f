using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Registry;

/// <summary>
/// Reads the UI needs and the MLflow API has no call for; like the registry's own gets they need READ on the model.
/// </summary>
public sealed class RegistryBrowseService(IDbContextFactory<TrackingDbContext> dbFactory, Auth.Authorizer authz)
{
    /// <summary>
    /// Every live version of a model or prompt, newest first, with tags and aliases. Version search would do for
    /// models, but it filters prompt versions by their own prompt tag, which older clients did not always set.
    /// </summary>
    public async Task<Result<IReadOnlyList<ModelVersionDto>>> VersionsAsync(string name, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, Common.AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        if (id is null)
            return RegistryRules.ModelNotFound(name);
        var numbers = await db.ModelVersions.Where(v => v.RegisteredModelId == id && v.CurrentStage != ModelVersion.DeletedStage)
            .OrderByDescending(v => v.Version).Select(v => v.Version).ToListAsync(ct);
        return await RegistryReader.LoadVersionsAsync(db, numbers.Select(n => (id.Value, n)).ToList(), ct);
    }
}
