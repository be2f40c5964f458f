using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Gateway;

/// <summary>
/// Explicit grants on gateway secrets, model definitions and endpoints (MLflow's <c>…/gateway/*/permissions/*</c>):
/// MANAGE on the resource is needed, an unknown or foreign id is "not found" for everyone, every change is audited.
/// </summary>
public sealed class GatewayGrantService(IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, Authorizer authz, AuditService audit)
{
    public async Task<Result<GatewayGrant>> CreateAsync(GatewayResource kind, string? id, string? username, string? permission, CancellationToken ct)
    {
        var target = await ResolveAsync(kind, id, username, permission, ct);
        if (!target.IsSuccess)
            return target.Error;
        var (userId, name, level) = target.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await FindAsync(db, kind, id!, userId, ct) is not null)
            return Error.AlreadyExists($"{Family(kind)} ({IdField(kind)}={id}, username={name}) already exists.");
        Add(db, kind, id!, userId, level.Name);
        if (await GatewaySave.NewAsync(db, Error.AlreadyExists($"{Family(kind)} ({IdField(kind)}={id}, username={name}) already exists."),
                () => Task.FromResult(NotFoundErrors.Gateway(kind, id!)), ct) is { } lost)
            return lost;
        var grant = new GatewayGrant(id!, userId, name, level.Name);
        await audit.RecordAsync("gateway.grant.create", AuditType(kind), $"{id}:{name}", workspace.Name, null, grant, ct);
        return grant;
    }

    public async Task<Result<GatewayGrant>> GetAsync(GatewayResource kind, string? id, string? username, CancellationToken ct)
    {
        var target = await ResolveAsync(kind, id, username, ct);
        if (!target.IsSuccess)
            return target.Error;
        var (userId, name) = target.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindAsync(db, kind, id!, userId, ct) is { } level ? new GatewayGrant(id!, userId, name, level) : Missing(kind, id!, name);
    }

    public async Task<Result> UpdateAsync(GatewayResource kind, string? id, string? username, string? permission, CancellationToken ct)
    {
        var target = await ResolveAsync(kind, id, username, permission, ct);
        if (!target.IsSuccess)
            return target.Error;
        var (userId, name, level) = target.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await FindAsync(db, kind, id!, userId, ct) is not { } before)
            return Missing(kind, id!, name);
        _ = kind switch
        {
            GatewayResource.Secret => await db.GatewaySecretPermissions.Where(p => p.SecretId == id && p.UserId == userId)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Permission, level.Name), ct),
            GatewayResource.ModelDefinition => await db.GatewayModelDefinitionPermissions.Where(p => p.ModelDefinitionId == id && p.UserId == userId)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Permission, level.Name), ct),
            _ => await db.GatewayEndpointPermissions.Where(p => p.EndpointId == id && p.UserId == userId)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Permission, level.Name), ct),
        };
        await audit.RecordAsync("gateway.grant.update", AuditType(kind), $"{id}:{name}", workspace.Name, before, level.Name, ct);
        return Result.Ok;
    }

    public async Task<Result> DeleteAsync(GatewayResource kind, string? id, string? username, CancellationToken ct)
    {
        var target = await ResolveAsync(kind, id, username, ct);
        if (!target.IsSuccess)
            return target.Error;
        var (userId, name) = target.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var removed = kind switch
        {
            GatewayResource.Secret => await db.GatewaySecretPermissions.Where(p => p.SecretId == id && p.UserId == userId).ExecuteDeleteAsync(ct),
            GatewayResource.ModelDefinition => await db.GatewayModelDefinitionPermissions.Where(p => p.ModelDefinitionId == id && p.UserId == userId)
                .ExecuteDeleteAsync(ct),
            _ => await db.GatewayEndpointPermissions.Where(p => p.EndpointId == id && p.UserId == userId).ExecuteDeleteAsync(ct),
        };
        if (removed == 0)
            return Missing(kind, id!, name);
        await audit.RecordAsync("gateway.grant.delete", AuditType(kind), $"{id}:{name}", workspace.Name, null, null, ct);
        return Result.Ok;
    }

    /// <summary>Every explicit grant on one resource, for the UI (MANAGE on it needed, like changing them).</summary>
    public async Task<Result<IReadOnlyList<GatewayGrant>>> ListAsync(GatewayResource kind, string id, CancellationToken ct)
    {
        if (await authz.GatewayAsync(kind, id, AccessLevel.Manage, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return kind switch
        {
            GatewayResource.Secret => await db.GatewaySecretPermissions.Where(p => p.SecretId == id).OrderBy(p => p.User!.Username)
                .Select(p => new GatewayGrant(id, p.UserId, p.User!.Username, p.Permission)).ToListAsync(ct),
            GatewayResource.ModelDefinition => await db.GatewayModelDefinitionPermissions.Where(p => p.ModelDefinitionId == id).OrderBy(p => p.User!.Username)
                .Select(p => new GatewayGrant(id, p.UserId, p.User!.Username, p.Permission)).ToListAsync(ct),
            _ => await db.GatewayEndpointPermissions.Where(p => p.EndpointId == id).OrderBy(p => p.User!.Username)
                .Select(p => new GatewayGrant(id, p.UserId, p.User!.Username, p.Permission)).ToListAsync(ct),
        };
    }

    /// <summary>The same, then the level to grant (after the user, as MLflow checks them).</summary>
    private async Task<Result<(long UserId, string Username, Permission Level)>> ResolveAsync(GatewayResource kind, string? id, string? username,
        string? permission, CancellationToken ct)
    {
        var target = await ResolveAsync(kind, id, username, ct);
        if (!target.IsSuccess)
            return target.Error;
        var level = Permission.Parse(permission);
        return level.IsSuccess ? (target.Value.UserId, target.Value.Username, level.Value) : level.Error;
    }

    /// <summary>Required keys, MANAGE on the resource, the resource in this workspace, the user — in that order.</summary>
    private async Task<Result<(long UserId, string Username)>> ResolveAsync(GatewayResource kind, string? id, string? username, CancellationToken ct)
    {
        if ((GatewayRules.Required(id, IdField(kind)) ?? GatewayRules.Required(username, "username")) is { } missing)
            return missing;
        if (await authz.GatewayAsync(kind, id!, AccessLevel.Manage, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var exists = kind switch
        {
            GatewayResource.Secret => await db.GatewaySecrets.AnyAsync(s => s.SecretId == id, ct),
            GatewayResource.ModelDefinition => await db.GatewayModelDefinitions.AnyAsync(d => d.ModelDefinitionId == id, ct),
            _ => await db.GatewayEndpoints.AnyAsync(e => e.EndpointId == id, ct),
        };
        if (!exists)
            return NotFoundErrors.Gateway(kind, id!);
        var userId = await db.Users.Where(u => u.Username == username).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        return userId is null ? UserService.NotFound(username!) : (userId.Value, username!);
    }

    private static async Task<string?> FindAsync(TrackingDbContext db, GatewayResource kind, string id, long userId, CancellationToken ct) => kind switch
    {
        GatewayResource.Secret => await db.GatewaySecretPermissions.Where(p => p.SecretId == id && p.UserId == userId).Select(p => p.Permission).FirstOrDefaultAsync(ct),
        GatewayResource.ModelDefinition => await db.GatewayModelDefinitionPermissions.Where(p => p.ModelDefinitionId == id && p.UserId == userId)
            .Select(p => p.Permission).FirstOrDefaultAsync(ct),
        _ => await db.GatewayEndpointPermissions.Where(p => p.EndpointId == id && p.UserId == userId).Select(p => p.Permission).FirstOrDefaultAsync(ct),
    };

    private static void Add(TrackingDbContext db, GatewayResource kind, string id, long userId, string level)
    {
        switch (kind)
        {
            case GatewayResource.Secret:
                db.GatewaySecretPermissions.Add(new GatewaySecretPermission { SecretId = id, UserId = userId, Permission = level });
                break;
            case GatewayResource.ModelDefinition:
                db.GatewayModelDefinitionPermissions.Add(new GatewayModelDefinitionPermission { ModelDefinitionId = id, UserId = userId, Permission = level });
                break;
            default:
                db.GatewayEndpointPermissions.Add(new GatewayEndpointPermission { EndpointId = id, UserId = userId, Permission = level });
                break;
        }
    }

    public static string IdField(GatewayResource kind) => kind switch
    {
        GatewayResource.Secret => "secret_id",
        GatewayResource.ModelDefinition => "model_definition_id",
        _ => "endpoint_id",
    };

    private static string Family(GatewayResource kind) => kind switch
    {
        GatewayResource.Secret => "Gateway secret permission",
        GatewayResource.ModelDefinition => "Gateway model definition permission",
        _ => "Gateway endpoint permission",
    };

    private static string AuditType(GatewayResource kind) => kind switch
    {
        GatewayResource.Secret => "gateway_secret_permission",
        GatewayResource.ModelDefinition => "gateway_model_definition_permission",
        _ => "gateway_endpoint_permission",
    };

    private static Error Missing(GatewayResource kind, string id, string username) =>
        Error.NotFound($"{Family(kind)} with {IdField(kind)}={id} and username={username} not found");
}
