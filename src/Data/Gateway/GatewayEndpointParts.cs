using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway;

/// <summary>
/// What hangs off an endpoint: attached models, tags and bindings. Every change needs EDIT on the endpoint; attaching
/// also needs USE on the definition (MLflow does not check the attach route's <c>model_config</c>).
/// </summary>
public sealed class GatewayEndpointParts(
    IDbContextFactory<TrackingDbContext> dbFactory, Authorizer authz, AccessService access, GatewayEndpointService endpoints, TimeProvider time)
{
    public async Task<Result<GatewayMappingDto>> AttachAsync(string? endpointId, GatewayModelConfig? config, string? createdBy, CancellationToken ct)
    {
        if ((GatewayRules.Required(endpointId, "endpoint_id") ?? (config is null ? Error.MissingParameter("model_config") : null)) is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Endpoint, endpointId!, AccessLevel.Update, ct) is { } denied)
            return denied;
        if ((GatewayRules.Text(createdBy, "created_by", StoredText.GatewayActor) ?? await endpoints.CheckConfigsAsync([config!], ct)) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.GatewayEndpoints.AnyAsync(e => e.EndpointId == endpointId, ct))
            return NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId!);
        if (await db.GatewayEndpointModelMappings.AnyAsync(m => m.EndpointId == endpointId && m.ModelDefinitionId == config!.ModelDefinitionId, ct))
            return Error.AlreadyExists($"Model definition '{config!.ModelDefinitionId}' is already attached to endpoint '{endpointId}'");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var mapping = GatewayEndpointService.NewMapping(endpointId!, config!, createdBy, now);
        db.GatewayEndpointModelMappings.Add(mapping);
        if (await GatewaySave.NewAsync(db, Error.AlreadyExists($"Model definition '{config!.ModelDefinitionId}' is already attached to endpoint '{endpointId}'"),
                () => Task.FromResult(NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId!)), ct) is { } lost)
            return lost;
        await TouchAsync(db, endpointId!, now, ct);
        var endpoint = await GatewayEndpointReader.LoadAsync(db, endpointId!, ct);
        return endpoint!.ModelMappings.Single(m => m.MappingId == mapping.MappingId);
    }

    public async Task<Result> DetachAsync(string? endpointId, string? modelDefinitionId, CancellationToken ct)
    {
        if ((GatewayRules.Required(endpointId, "endpoint_id") ?? GatewayRules.Required(modelDefinitionId, "model_definition_id")) is { } missing)
            return missing;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await EditableAsync(db, endpointId!, ct) is { } refused)
            return refused;
        var removed = await db.GatewayEndpointModelMappings.Where(m => m.EndpointId == endpointId && m.ModelDefinitionId == modelDefinitionId).ExecuteDeleteAsync(ct);
        if (removed == 0)
            return Error.NotFound($"Model definition '{modelDefinitionId}' is not attached to endpoint '{endpointId}'");
        await TouchAsync(db, endpointId!, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>An upsert, as MLflow's.</summary>
    public async Task<Result> SetTagAsync(string? endpointId, string? key, string? value, CancellationToken ct)
    {
        if ((GatewayRules.Required(endpointId, "endpoint_id") ?? GatewayRules.Required(key, "key")) is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Endpoint, endpointId!, AccessLevel.Update, ct) is { } denied)
            return denied;
        if ((StoredText.Check(key, "key", StoredText.EntityKey) ?? StoredText.Check(value, "value", StoredText.ExperimentTagValue)) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.GatewayEndpoints.AnyAsync(e => e.EndpointId == endpointId, ct))
            return NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId!);
        var tag = await db.GatewayEndpointTags.AsTracking().FirstOrDefaultAsync(t => t.EndpointId == endpointId && t.Key == key, ct);
        if (tag is null)
            db.GatewayEndpointTags.Add(new GatewayEndpointTag { EndpointId = endpointId!, Key = key!, Value = value });
        else
            tag.Value = value;
        var lost = await GatewaySave.NewAsync(db, Error.AlreadyExists("tag"), () => Task.FromResult(NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId!)), ct);
        if (lost is { Code: ErrorCode.ResourceAlreadyExists })
        {
            // A concurrent set of the same key won the insert: this one is the later write.
            await db.GatewayEndpointTags.Where(t => t.EndpointId == endpointId && t.Key == key).ExecuteUpdateAsync(u => u.SetProperty(t => t.Value, value), ct);
            return Result.Ok;
        }
        return lost is null ? Result.Ok : lost;
    }

    /// <summary>Deleting a key that is not there is a silent success, as in MLflow.</summary>
    public async Task<Result> DeleteTagAsync(string? endpointId, string? key, CancellationToken ct)
    {
        if ((GatewayRules.Required(endpointId, "endpoint_id") ?? GatewayRules.Required(key, "key")) is { } missing)
            return missing;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await EditableAsync(db, endpointId!, ct) is { } refused)
            return refused;
        await db.GatewayEndpointTags.Where(t => t.EndpointId == endpointId && t.Key == key).ExecuteDeleteAsync(ct);
        return Result.Ok;
    }

    public async Task<Result<GatewayBindingDto>> CreateBindingAsync(string? endpointId, string? resourceType, string? resourceId, string? createdBy,
        CancellationToken ct)
    {
        if ((GatewayRules.Required(endpointId, "endpoint_id") ?? GatewayRules.Required(resourceType, "resource_type")
                ?? GatewayRules.Required(resourceId, "resource_id")) is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Endpoint, endpointId!, AccessLevel.Update, ct) is { } denied)
            return denied;
        if ((ResourceType(resourceType!) ?? GatewayRules.Text(resourceId, "resource_id", StoredText.GatewayName)
                ?? GatewayRules.Text(createdBy, "created_by", StoredText.GatewayActor)) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.GatewayEndpoints.AnyAsync(e => e.EndpointId == endpointId, ct))
            return NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId!);
        if (await db.GatewayEndpointBindings.AnyAsync(b => b.EndpointId == endpointId && b.ResourceType == resourceType && b.ResourceId == resourceId, ct))
            return Error.AlreadyExists($"Endpoint binding (endpoint_id='{endpointId}', resource_type='{resourceType}', resource_id='{resourceId}') already exists");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new GatewayEndpointBinding
        {
            EndpointId = endpointId!, ResourceType = resourceType!, ResourceId = resourceId!, CreatedAt = now, LastUpdatedAt = now,
            CreatedBy = createdBy, LastUpdatedBy = createdBy,
        };
        db.GatewayEndpointBindings.Add(row);
        if (await GatewaySave.NewAsync(db,
                Error.AlreadyExists($"Endpoint binding (endpoint_id='{endpointId}', resource_type='{resourceType}', resource_id='{resourceId}') already exists"),
                () => Task.FromResult(NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId!)), ct) is { } lost)
            return lost;
        return ToDto(row);
    }

    public async Task<Result> DeleteBindingAsync(string? endpointId, string? resourceType, string? resourceId, CancellationToken ct)
    {
        if ((GatewayRules.Required(endpointId, "endpoint_id") ?? GatewayRules.Required(resourceType, "resource_type")
                ?? GatewayRules.Required(resourceId, "resource_id")) is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Endpoint, endpointId!, AccessLevel.Update, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = await db.GatewayEndpointBindings
            .Where(b => b.EndpointId == endpointId && b.ResourceType == resourceType && b.ResourceId == resourceId).ExecuteDeleteAsync(ct);
        return removed > 0
            ? Result.Ok
            : Error.NotFound($"GatewayEndpointBinding not found (endpoint_id='{endpointId}', resource_type='{resourceType}', resource_id='{resourceId}')");
    }

    /// <summary>Bindings of one endpoint (READ on it), or of every endpoint the caller may read.</summary>
    public async Task<Result<IReadOnlyList<GatewayBindingDto>>> ListBindingsAsync(string? endpointId, string? resourceType, string? resourceId,
        CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(endpointId) && await authz.GatewayAsync(GatewayResource.Endpoint, endpointId, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.GatewayEndpointBindings.AsNoTracking();
        if (!string.IsNullOrEmpty(endpointId))
            query = query.Where(b => b.EndpointId == endpointId);
        if (!string.IsNullOrEmpty(resourceType))
            query = query.Where(b => b.ResourceType == resourceType);
        if (!string.IsNullOrEmpty(resourceId))
            query = query.Where(b => b.ResourceId == resourceId);
        var rows = await query.OrderBy(b => b.EndpointId).ThenBy(b => b.ResourceType).ThenBy(b => b.ResourceId).ToListAsync(ct);
        // The same filter as the endpoint list: one read of the caller's grants, not a decision per endpoint.
        var readable = await access.ReadableGatewayAsync(GatewayResource.Endpoint, ct);
        return rows.Where(b => readable(b.EndpointId)).Select(ToDto).ToList();
    }

    /// <summary>EDIT on the endpoint, and the endpoint in this workspace: the preamble of every change to its parts.</summary>
    private async Task<Error?> EditableAsync(TrackingDbContext db, string endpointId, CancellationToken ct) =>
        await authz.GatewayAsync(GatewayResource.Endpoint, endpointId, AccessLevel.Update, ct)
        ?? (await db.GatewayEndpoints.AnyAsync(e => e.EndpointId == endpointId, ct) ? null : NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId));

    /// <summary>MLflow's binding types at this version: scorers (older code wrote <c>scorer_job</c>).</summary>
    private static Error? ResourceType(string type) => type is "scorer" or "scorer_job"
        ? null
        : Error.InvalidParameter($"Invalid resource_type '{type}'. Valid values are: scorer, scorer_job");

    private static async Task TouchAsync(TrackingDbContext db, string endpointId, long now, CancellationToken ct) =>
        await db.GatewayEndpoints.Where(e => e.EndpointId == endpointId)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.LastUpdatedAt, e => e.CreatedAt > now ? e.CreatedAt : now), ct);

    private static GatewayBindingDto ToDto(GatewayEndpointBinding b) =>
        new(b.EndpointId, b.ResourceType, b.ResourceId, b.CreatedAt, b.LastUpdatedAt, b.CreatedBy, b.LastUpdatedBy, b.DisplayName);
}
