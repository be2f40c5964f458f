using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway.Providers;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Gateway;

/// <summary>
/// Model definitions of the current workspace: a provider model and the key to call it. Referencing a key needs USE on
/// it; a key of another workspace is "not found". A definition an endpoint still uses cannot be deleted (409).
/// </summary>
public sealed class GatewayModelDefinitionService(
    IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, AccessContext caller, Authorizer authz, AccessService access,
    AuditService audit, TimeProvider time)
{
    public async Task<Result<GatewayModelDefinitionDto>> CreateAsync(CreateModelDefinitionRequest request, CancellationToken ct)
    {
        if ((GatewayRules.Required(request.Name, "name") ?? GatewayRules.Required(request.SecretId, "secret_id")
                ?? GatewayRules.Required(request.Provider, "provider") ?? GatewayRules.Required(request.ModelName, "model_name")) is { } missing)
            return missing;
        if ((await authz.WorkspaceAsync(null, AccessLevel.Update, ct) ?? await authz.GatewayAsync(GatewayResource.Secret, request.SecretId!, AccessLevel.Use, ct))
            is { } denied)
            return denied;
        if ((GatewayRules.Text(request.Name, "name", StoredText.GatewayName) ?? ProviderCatalog.Validate(request.Provider!)
                ?? GatewayRules.Text(request.ModelName, "model_name", StoredText.GatewayModelName)
                ?? GatewayRules.Text(request.CreatedBy, "created_by", StoredText.GatewayActor)) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.GatewaySecrets.AnyAsync(s => s.SecretId == request.SecretId, ct))
            return NotFoundErrors.Gateway(GatewayResource.Secret, request.SecretId!);
        if (await db.GatewayModelDefinitions.AnyAsync(d => d.Name == request.Name, ct))
            return Error.AlreadyExists($"Model definition with name '{request.Name}' already exists");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new GatewayModelDefinition
        {
            ModelDefinitionId = GatewayRules.NewId('d'), Name = request.Name!, SecretId = request.SecretId, Provider = request.Provider!,
            ModelName = request.ModelName!, CreatedAt = now, LastUpdatedAt = now, CreatedBy = request.CreatedBy, LastUpdatedBy = request.CreatedBy,
            Workspace = workspace.Name,
        };
        db.GatewayModelDefinitions.Add(row);
        if (caller.AuthEnabled && caller.UserId is { } creator)
            db.GatewayModelDefinitionPermissions.Add(new GatewayModelDefinitionPermission { ModelDefinitionId = row.ModelDefinitionId, UserId = creator, Permission = Permission.Manage.Name });
        if (await GatewaySave.NewAsync(db, Error.AlreadyExists($"Model definition with name '{request.Name}' already exists"), async () =>
            {
                await using var again = await dbFactory.CreateDbContextAsync(ct);
                return await again.GatewaySecrets.AnyAsync(s => s.SecretId == request.SecretId, ct)
                    ? Error.WorkspaceNotFound(workspace.Name)
                    : NotFoundErrors.Gateway(GatewayResource.Secret, request.SecretId!);
            }, ct) is { } lost)
            return lost;
        var dto = await LoadAsync(db, row.ModelDefinitionId, ct);
        await audit.RecordAsync("gateway.model_definition.create", "gateway_model_definition", row.Name, workspace.Name, null, dto, ct);
        return dto!;
    }

    public async Task<Result<GatewayModelDefinitionDto>> GetAsync(string? id, CancellationToken ct)
    {
        if (GatewayRules.Required(id, "model_definition_id") is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.ModelDefinition, id!, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, id!, ct) is { } dto ? dto : NotFoundErrors.Gateway(GatewayResource.ModelDefinition, id!);
    }

    public async Task<Result<GatewayModelDefinitionDto>> UpdateAsync(UpdateModelDefinitionRequest request, CancellationToken ct)
    {
        if (GatewayRules.Required(request.ModelDefinitionId, "model_definition_id") is { } missing)
            return missing;
        var id = request.ModelDefinitionId!;
        if (await authz.GatewayAsync(GatewayResource.ModelDefinition, id, AccessLevel.Update, ct) is { } denied)
            return denied;
        if (!string.IsNullOrEmpty(request.SecretId) && await authz.GatewayAsync(GatewayResource.Secret, request.SecretId, AccessLevel.Use, ct) is { } deniedKey)
            return deniedKey;
        if ((GatewayRules.Text(request.Name, "name", StoredText.GatewayName) ?? GatewayRules.Text(request.ModelName, "model_name", StoredText.GatewayModelName)
                ?? (string.IsNullOrEmpty(request.Provider) ? null : ProviderCatalog.Validate(request.Provider))
                ?? GatewayRules.Text(request.UpdatedBy, "updated_by", StoredText.GatewayActor)) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.GatewayModelDefinitions.AsTracking().FirstOrDefaultAsync(d => d.ModelDefinitionId == id, ct);
        if (row is null)
            return NotFoundErrors.Gateway(GatewayResource.ModelDefinition, id);
        var before = await LoadAsync(db, id, ct);
        if (!string.IsNullOrEmpty(request.SecretId))
        {
            if (!await db.GatewaySecrets.AnyAsync(s => s.SecretId == request.SecretId, ct))
                return NotFoundErrors.Gateway(GatewayResource.Secret, request.SecretId);
            row.SecretId = request.SecretId;
        }
        if (!string.IsNullOrEmpty(request.Name) && request.Name != row.Name)
        {
            if (await db.GatewayModelDefinitions.AnyAsync(d => d.Name == request.Name, ct))
                return Error.AlreadyExists($"Model definition with name '{request.Name}' already exists");
            row.Name = request.Name;
        }
        if (!string.IsNullOrEmpty(request.ModelName))
            row.ModelName = request.ModelName;
        if (!string.IsNullOrEmpty(request.Provider))
            row.Provider = request.Provider;
        row.LastUpdatedAt = Math.Max(row.CreatedAt, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (request.UpdatedBy is not null)
            row.LastUpdatedBy = request.UpdatedBy;
        // A rename can lose a race with a create of the same name, a new key can be deleted meanwhile.
        if (await GatewaySave.NewAsync(db, Error.AlreadyExists($"Model definition with name '{row.Name}' already exists"),
                () => Task.FromResult(NotFoundErrors.Gateway(GatewayResource.Secret, row.SecretId ?? "")), ct) is { } lost)
            return lost;
        var after = await LoadAsync(db, id, ct);
        await audit.RecordAsync("gateway.model_definition.update", "gateway_model_definition", row.Name, workspace.Name, before, after, ct);
        return after!;
    }

    /// <summary>Refused while an endpoint maps the definition: a 409 the client can act on (MLflow answers 500).</summary>
    public async Task<Result> DeleteAsync(string? id, CancellationToken ct)
    {
        if (GatewayRules.Required(id, "model_definition_id") is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.ModelDefinition, id!, AccessLevel.Delete, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.GatewayModelDefinitions.AsTracking().FirstOrDefaultAsync(d => d.ModelDefinitionId == id, ct);
        if (row is null)
            return NotFoundErrors.Gateway(GatewayResource.ModelDefinition, id!);
        if (await db.GatewayEndpointModelMappings.AnyAsync(m => m.ModelDefinitionId == id, ct))
            return Error.InvalidState("Cannot delete model definition that is currently in use by endpoints. Detach it from all endpoints first.");
        db.GatewayModelDefinitions.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("gateway.model_definition.delete", "gateway_model_definition", row.Name, workspace.Name, new { row.ModelDefinitionId, row.Name }, null, ct);
        return Result.Ok;
    }

    public async Task<Result<IReadOnlyList<GatewayModelDefinitionDto>>> ListAsync(string? provider, string? secretId, CancellationToken ct)
    {
        var readable = await access.ReadableGatewayAsync(GatewayResource.ModelDefinition, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.GatewayModelDefinitions.AsNoTracking();
        if (!string.IsNullOrEmpty(provider))
            query = query.Where(d => d.Provider == provider);
        if (!string.IsNullOrEmpty(secretId))
            query = query.Where(d => d.SecretId == secretId);
        var rows = await query.OrderBy(d => d.Name).Select(Projection).ToListAsync(ct);
        return rows.Where(d => readable(d.ModelDefinitionId)).ToList();
    }

    public Task<Permission> PermissionAsync(string id, CancellationToken ct) => authz.OnGatewayAsync(GatewayResource.ModelDefinition, id, ct);

    internal static readonly System.Linq.Expressions.Expression<Func<GatewayModelDefinition, GatewayModelDefinitionDto>> Projection = d =>
        new GatewayModelDefinitionDto(d.ModelDefinitionId, d.Name, d.SecretId, d.Secret == null ? null : d.Secret.SecretName, d.Provider, d.ModelName,
            d.CreatedAt, d.LastUpdatedAt, d.CreatedBy, d.LastUpdatedBy);

    private static Task<GatewayModelDefinitionDto?> LoadAsync(TrackingDbContext db, string id, CancellationToken ct) =>
        db.GatewayModelDefinitions.AsNoTracking().Where(d => d.ModelDefinitionId == id).Select(Projection).FirstOrDefaultAsync(ct);
}
