using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Gateway;

/// <summary>Reads endpoints with their mappings (each with its model definition embedded) and tags, as MLflow returns them.</summary>
internal static class GatewayEndpointReader
{
    public static async Task<GatewayEndpointDto?> LoadAsync(TrackingDbContext db, string id, CancellationToken ct) =>
        (await LoadWhereAsync(db, db.GatewayEndpoints.Where(e => e.EndpointId == id), ct)).FirstOrDefault();

    public static Task<List<GatewayEndpointDto>> LoadAllAsync(TrackingDbContext db, string? provider, CancellationToken ct)
    {
        var query = db.GatewayEndpoints.AsQueryable();
        if (!string.IsNullOrEmpty(provider))
            query = query.Where(e => e.Mappings.Any(m => m.ModelDefinition!.Provider == provider));
        return LoadWhereAsync(db, query, ct);
    }

    private static async Task<List<GatewayEndpointDto>> LoadWhereAsync(TrackingDbContext db, IQueryable<GatewayEndpoint> endpoints, CancellationToken ct)
    {
        var rows = await endpoints.AsNoTracking().Include(e => e.Tags).OrderBy(e => e.Name).ToListAsync(ct);
        if (rows.Count == 0)
            return [];
        var ids = rows.Select(e => e.EndpointId).ToList();
        var mappings = await db.GatewayEndpointModelMappings.AsNoTracking().Where(m => ids.Contains(m.EndpointId))
            .OrderBy(m => m.LinkageType == GatewayRules.Primary ? 0 : 1).ThenBy(m => m.FallbackOrder).ThenBy(m => m.CreatedAt).ThenBy(m => m.MappingId)
            .Select(m => new
            {
                m.MappingId, m.EndpointId, m.ModelDefinitionId, m.Weight, m.LinkageType, m.FallbackOrder, m.CreatedAt, m.CreatedBy,
                Definition = m.ModelDefinition == null ? null : new GatewayModelDefinitionDto(m.ModelDefinition.ModelDefinitionId, m.ModelDefinition.Name,
                    m.ModelDefinition.SecretId, m.ModelDefinition.Secret == null ? null : m.ModelDefinition.Secret.SecretName, m.ModelDefinition.Provider,
                    m.ModelDefinition.ModelName, m.ModelDefinition.CreatedAt, m.ModelDefinition.LastUpdatedAt, m.ModelDefinition.CreatedBy,
                    m.ModelDefinition.LastUpdatedBy),
            })
            .ToListAsync(ct);
        var byEndpoint = mappings.ToLookup(m => m.EndpointId);
        return rows.Select(e => new GatewayEndpointDto(
            e.EndpointId, e.Name, e.CreatedAt, e.LastUpdatedAt,
            byEndpoint[e.EndpointId].Select(m => new GatewayMappingDto(m.MappingId, m.EndpointId, m.ModelDefinitionId, m.Definition, m.Weight,
                m.LinkageType, m.FallbackOrder, m.CreatedAt, m.CreatedBy)).ToList(),
            e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValue(t.Key, t.Value)).ToList(),
            e.CreatedBy ?? "", e.LastUpdatedBy ?? "", e.RoutingStrategy, GatewayRules.FallbackFromJson(e.FallbackConfigJson),
            e.ExperimentId?.ToString(System.Globalization.CultureInfo.InvariantCulture), e.UsageTracking)).ToList();
    }
}
