using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Registry;

/// <summary>Loads registry entities (with tags, aliases and latest versions) as DTOs; every query is workspace-filtered.</summary>
internal static class RegistryReader
{
    public static async Task<List<RegisteredModelDto>> LoadModelsAsync(TrackingDbContext db, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var models = await db.RegisteredModels.Include(m => m.Tags).Include(m => m.Aliases)
            .Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var versions = await db.ModelVersions.Include(v => v.Tags)
            .Where(v => ids.Contains(v.RegisteredModelId) && v.CurrentStage != ModelVersion.DeletedStage)
            .ToListAsync(ct);
        // latest_versions: the highest version in each stage.
        var latest = versions.GroupBy(v => (v.RegisteredModelId, v.CurrentStage)).Select(g => g.MaxBy(v => v.Version)!).ToLookup(v => v.RegisteredModelId);
        return ids.Where(models.ContainsKey).Select(id =>
        {
            var m = models[id];
            return new RegisteredModelDto(m.Name, m.CreationTimestamp, m.LastUpdatedTimestamp, m.Description,
                latest[id].OrderBy(v => v.Version).Select(v => ToDto(m, v)).ToList(),
                m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)).ToList(),
                m.Aliases.OrderBy(a => a.Alias, StringComparer.Ordinal).Select(a => new ModelAliasDto(a.Alias, a.Version)).ToList());
        }).ToList();
    }

    public static async Task<List<ModelVersionDto>> LoadVersionsAsync(TrackingDbContext db, IReadOnlyList<(long ModelId, int Version)> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
            return [];
        var modelIds = keys.Select(k => k.ModelId).Distinct().ToList();
        var models = await db.RegisteredModels.Include(m => m.Aliases).Where(m => modelIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var rows = await db.ModelVersions.Include(v => v.Tags).Where(v => modelIds.Contains(v.RegisteredModelId)).ToListAsync(ct);
        var byKey = rows.ToDictionary(v => (v.RegisteredModelId, v.Version));
        return keys.Where(k => byKey.ContainsKey(k) && models.ContainsKey(k.ModelId)).Select(k => ToDto(models[k.ModelId], byKey[k])).ToList();
    }

    public static ModelVersionDto ToDto(RegisteredModel model, ModelVersion v) => new(
        model.Name, v.Version, v.CreationTimestamp, v.LastUpdatedTimestamp, v.UserId, v.CurrentStage, v.Description, v.Source, v.RunId, v.Status,
        v.StatusMessage, v.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)).ToList(), v.RunLink,
        model.Aliases.Where(a => a.Version == v.Version).Select(a => a.Alias).Order(StringComparer.Ordinal).ToList(), v.ModelId);
}
