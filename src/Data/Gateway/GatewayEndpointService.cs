using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;

namespace Workspaces.Data.Gateway;

/// <summary>
/// Endpoints of the current workspace: named routes to model definitions. Mapping a definition needs USE on it; a
/// definition of another workspace is "not found". Usage tracking on without an experiment creates or reuses the
/// experiment <c>gateway/&lt;name&gt;</c>, as MLflow does.
/// </summary>
public sealed class GatewayEndpointService(
    IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, AccessContext caller, Authorizer authz, AccessService access,
    ExperimentService experiments, AuditService audit, TimeProvider time)
{
    public async Task<Result<GatewayEndpointDto>> CreateAsync(CreateEndpointRequest request, CancellationToken ct)
    {
        if (GatewayRules.Required(request.Name, "name") is { } missing)
            return missing;
        if (request.ModelConfigs.Count == 0)
            return Error.InvalidParameter("Endpoint must have at least one model configuration");
        if (await authz.WorkspaceAsync(null, AccessLevel.Update, ct) is { } denied)
            return denied;
        if ((GatewayRules.EndpointName(request.Name!) ?? GatewayRules.Text(request.CreatedBy, "created_by", StoredText.GatewayActor)
                ?? GatewayRules.RoutingStrategy(request.RoutingStrategy) ?? GatewayRules.FallbackConfig(request.FallbackConfig)
                ?? await CheckConfigsAsync(request.ModelConfigs, ct)) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.GatewayEndpoints.AnyAsync(e => e.Name == request.Name, ct))
            return Error.AlreadyExists($"Endpoint with name '{request.Name}' already exists");
        var usage = request.UsageTracking ?? true;
        var experiment = await ExperimentAsync(request.Name!, request.ExperimentId, usage, ct);
        if (!experiment.IsSuccess)
            return experiment.Error;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new GatewayEndpoint
        {
            EndpointId = GatewayRules.NewId('e'), Name = request.Name!, CreatedAt = now, LastUpdatedAt = now, CreatedBy = request.CreatedBy,
            LastUpdatedBy = request.CreatedBy, RoutingStrategy = NullIfEmpty(request.RoutingStrategy),
            FallbackConfigJson = GatewayRules.FallbackToJson(request.FallbackConfig), ExperimentId = experiment.Value, UsageTracking = usage,
            Workspace = workspace.Name,
        };
        row.Mappings.AddRange(request.ModelConfigs.Select(c => NewMapping(row.EndpointId, c, request.CreatedBy, now)));
        db.GatewayEndpoints.Add(row);
        if (caller.AuthEnabled && caller.UserId is { } creator)
            db.GatewayEndpointPermissions.Add(new GatewayEndpointPermission { EndpointId = row.EndpointId, UserId = creator, Permission = Permission.Manage.Name });
        if (await GatewaySave.NewAsync(db, Error.AlreadyExists($"Endpoint with name '{request.Name}' already exists"),
                async () => await CheckConfigsAsync(request.ModelConfigs, ct) ?? Error.WorkspaceNotFound(workspace.Name), ct) is { } lost)
            return lost;
        var dto = (await GatewayEndpointReader.LoadAsync(db, row.EndpointId, ct))!;
        await audit.RecordAsync("gateway.endpoint.create", "gateway_endpoint", row.Name, workspace.Name, null, dto, ct);
        return dto;
    }

    public async Task<Result<GatewayEndpointDto>> GetAsync(string? id, CancellationToken ct)
    {
        if (GatewayRules.Required(id, "endpoint_id") is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Endpoint, id!, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await GatewayEndpointReader.LoadAsync(db, id!, ct) is { } dto ? dto : NotFoundErrors.Gateway(GatewayResource.Endpoint, id!);
    }

    /// <summary>Non-empty <c>model_configs</c> replace every mapping; usage tracking off clears the experiment.</summary>
    public async Task<Result<GatewayEndpointDto>> UpdateAsync(UpdateEndpointRequest request, CancellationToken ct)
    {
        if (GatewayRules.Required(request.EndpointId, "endpoint_id") is { } missing)
            return missing;
        var id = request.EndpointId!;
        if (await authz.GatewayAsync(GatewayResource.Endpoint, id, AccessLevel.Update, ct) is { } denied)
            return denied;
        if ((string.IsNullOrEmpty(request.Name) ? null : GatewayRules.EndpointName(request.Name)) is { } badName)
            return badName;
        if ((GatewayRules.Text(request.UpdatedBy, "updated_by", StoredText.GatewayActor) ?? GatewayRules.RoutingStrategy(request.RoutingStrategy)
                ?? GatewayRules.FallbackConfig(request.FallbackConfig) ?? await CheckConfigsAsync(request.ModelConfigs, ct)) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.GatewayEndpoints.AsTracking().Include(e => e.Mappings).FirstOrDefaultAsync(e => e.EndpointId == id, ct);
        if (row is null)
            return NotFoundErrors.Gateway(GatewayResource.Endpoint, id);
        var before = await GatewayEndpointReader.LoadAsync(db, id, ct);
        if (!string.IsNullOrEmpty(request.Name) && request.Name != row.Name)
        {
            if (await db.GatewayEndpoints.AnyAsync(e => e.Name == request.Name, ct))
                return Error.AlreadyExists($"Endpoint with name '{request.Name}' already exists");
            row.Name = request.Name;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (request.RoutingStrategy is not null)
            row.RoutingStrategy = NullIfEmpty(request.RoutingStrategy);
        if (request.FallbackConfig is not null)
            row.FallbackConfigJson = GatewayRules.FallbackToJson(request.FallbackConfig);
        // A new experiment id alone keeps the tracking flag as it is; turning tracking off clears the experiment.
        if (request.UsageTracking is not null || !string.IsNullOrEmpty(request.ExperimentId))
        {
            var experiment = await ExperimentAsync(row.Name, request.ExperimentId, request.UsageTracking ?? true, ct);
            if (!experiment.IsSuccess)
                return experiment.Error;
            (row.UsageTracking, row.ExperimentId) = (request.UsageTracking ?? row.UsageTracking, experiment.Value);
        }
        // Last, after every check that can refuse, in one transaction: the old mappings go in a save of their own (the new
        // set may reuse a definition, and the pair is unique), and a rename losing a race leaves them in place.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (request.ModelConfigs.Count > 0)
        {
            db.GatewayEndpointModelMappings.RemoveRange(row.Mappings);
            await db.SaveChangesAsync(ct);
            db.GatewayEndpointModelMappings.AddRange(request.ModelConfigs.Select(c => NewMapping(id, c, request.UpdatedBy, now)));
        }
        row.LastUpdatedAt = Math.Max(row.CreatedAt, now);
        if (request.UpdatedBy is not null)
            row.LastUpdatedBy = request.UpdatedBy;
        if (await GatewaySave.NewAsync(db, Error.AlreadyExists($"Endpoint with name '{row.Name}' already exists"),
                async () => await CheckConfigsAsync(request.ModelConfigs, ct) ?? NotFoundErrors.Gateway(GatewayResource.Endpoint, id), ct) is { } lost)
            return lost;
        await tx.CommitAsync(ct);
        var after = (await GatewayEndpointReader.LoadAsync(db, id, ct))!;
        await audit.RecordAsync("gateway.endpoint.update", "gateway_endpoint", row.Name, workspace.Name, before, after, ct);
        return after;
    }

    /// <summary>Mappings, bindings, tags, usage and grants go with it (cascading keys).</summary>
    public async Task<Result> DeleteAsync(string? id, CancellationToken ct)
    {
        if (GatewayRules.Required(id, "endpoint_id") is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Endpoint, id!, AccessLevel.Delete, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.GatewayEndpoints.AsTracking().FirstOrDefaultAsync(e => e.EndpointId == id, ct);
        if (row is null)
            return NotFoundErrors.Gateway(GatewayResource.Endpoint, id!);
        db.GatewayEndpoints.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("gateway.endpoint.delete", "gateway_endpoint", row.Name, workspace.Name, new { row.EndpointId, row.Name }, null, ct);
        return Result.Ok;
    }

    /// <summary>Endpoints the caller may read; <paramref name="provider"/> keeps those with a model of that provider.</summary>
    public async Task<Result<IReadOnlyList<GatewayEndpointDto>>> ListAsync(string? provider, CancellationToken ct)
    {
        var readable = await access.ReadableGatewayAsync(GatewayResource.Endpoint, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await GatewayEndpointReader.LoadAllAsync(db, provider, ct);
        return all.Where(e => readable(e.EndpointId)).ToList();
    }

    public Task<Permission> PermissionAsync(string id, CancellationToken ct) => authz.OnGatewayAsync(GatewayResource.Endpoint, id, ct);

    /// <summary>Each config is well formed, its definition exists in this workspace and the caller may use it.</summary>
    internal async Task<Error?> CheckConfigsAsync(IReadOnlyList<GatewayModelConfig> configs, CancellationToken ct)
    {
        for (var i = 0; i < configs.Count; i++)
        {
            if (GatewayRules.ModelConfig(configs[i], $"model_configs[{i}]") is { } bad)
                return bad;
        }
        var ids = configs.Select(c => c.ModelDefinitionId!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count != configs.Count)
            return Error.InvalidParameter("Each model definition may be mapped to an endpoint only once");
        foreach (var id in ids)
        {
            if (await authz.GatewayAsync(GatewayResource.ModelDefinition, id, AccessLevel.Use, ct) is { } denied)
                return denied;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.GatewayModelDefinitions.Where(d => ids.Contains(d.ModelDefinitionId)).Select(d => d.ModelDefinitionId).ToListAsync(ct);
        var unknown = ids.Except(found, StringComparer.Ordinal).ToList();
        return unknown.Count > 0 ? Error.NotFound($"Model definitions not found: {string.Join(", ", unknown)}") : null;
    }

    internal static GatewayEndpointModelMapping NewMapping(string endpointId, GatewayModelConfig config, string? by, long now) => new()
    {
        MappingId = GatewayRules.NewId('m'), EndpointId = endpointId, ModelDefinitionId = config.ModelDefinitionId!, Weight = config.Weight ?? 1.0,
        LinkageType = string.IsNullOrEmpty(config.LinkageType) ? GatewayRules.Primary : config.LinkageType,
        FallbackOrder = config.LinkageType == GatewayRules.Fallback ? config.FallbackOrder : null, CreatedAt = now, CreatedBy = by,
    };

    /// <summary>The experiment receiving usage: the given one (it must exist here), else <c>gateway/&lt;name&gt;</c> made or reused.</summary>
    private async Task<Result<long?>> ExperimentAsync(string endpointName, string? experimentId, bool usageTracking, CancellationToken ct)
    {
        if (!usageTracking)
            return (long?)null;
        if (!string.IsNullOrEmpty(experimentId))
        {
            var given = await experiments.GetAsync(experimentId, ct);
            return given.IsSuccess ? long.Parse(given.Value.ExperimentId, System.Globalization.CultureInfo.InvariantCulture) : given.Error;
        }
        var name = $"gateway/{endpointName}";
        var existing = await experiments.GetByNameAsync(name, ct);
        var id = existing.IsSuccess ? (Result<string>)existing.Value.ExperimentId : await experiments.CreateAsync(name, null, [], ct);
        return id.IsSuccess ? long.Parse(id.Value, System.Globalization.CultureInfo.InvariantCulture) : id.Error;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
