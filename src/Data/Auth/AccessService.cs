using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>
/// The caller's permission on a resource of the request workspace (SPEC §6): admin → explicit grant on
/// the resource (wins even if lower) → the caller's grant on the workspace → for <c>default</c> only, and
/// only with GrantDefaultWorkspaceAccess, the configured default → nothing.
/// </summary>
public sealed class AccessService(
    IDbContextFactory<TrackingDbContext> dbFactory, AccessContext access, WorkspaceContext workspace, AuthSettings auth, ServerSettings server,
    GrantCache cache)
{
    /// <summary>What the caller holds on one resource; <see cref="Exists"/> is false when the workspace has no such resource.</summary>
    public sealed record Decision(bool Exists, Permission? Explicit, Permission Workspace)
    {
        public Permission Effective => Explicit ?? Workspace;
    }

    /// <summary>The caller's permission on a workspace (the request's by default).</summary>
    public async Task<Permission> WorkspaceAsync(string? name, CancellationToken ct)
    {
        if (!access.IsRestricted)
            return Permission.Manage;
        name ??= workspace.Name;
        if (!server.EnableWorkspaces)
            return DefaultPermission();
        var user = access.UserId ?? -1;
        if (!cache.TryGet(user, "ws:" + name, out var row))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            row = await db.WorkspacePermissions.Where(p => p.Workspace == name && p.UserId == user).Select(p => p.Permission).FirstOrDefaultAsync(ct);
            cache.Put(user, "ws:" + name, row);
        }
        if (row is not null)
            return Permission.FromName(row);
        return auth.GrantDefaultWorkspaceAccess && name == WorkspaceNames.Default ? DefaultPermission() : Permission.None;
    }

    /// <summary>
    /// Whether the caller may address workspace <paramref name="name"/> at all: a readable grant on it (or default access
    /// to <c>default</c>), or a readable grant on one of its experiments or registered models. For anyone else it does not
    /// exist (SPEC §6): a search naming it answers like a search naming a missing workspace, not with an empty list.
    /// </summary>
    public async Task<bool> CanEnterWorkspaceAsync(string name, CancellationToken ct)
    {
        if (!access.IsRestricted || !server.EnableWorkspaces)
            return true;
        if ((await WorkspaceAsync(name, ct)).CanRead)
            return true;
        var user = access.UserId ?? -1;
        var readable = Permission.Readable.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The request's workspace is not bound yet: the grants are matched on the named workspace explicitly.
        return await db.ExperimentPermissions.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceEntry)
                .AnyAsync(p => p.UserId == user && p.Experiment!.Workspace == name && readable.Contains(p.Permission), ct)
            || await db.RegisteredModelPermissions.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceEntry)
                .AnyAsync(p => p.UserId == user && p.Model!.Workspace == name && readable.Contains(p.Permission), ct)
            || await db.GatewaySecretPermissions.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceEntry)
                .AnyAsync(p => p.UserId == user && p.Secret!.Workspace == name && readable.Contains(p.Permission), ct)
            || await db.GatewayModelDefinitionPermissions.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceEntry)
                .AnyAsync(p => p.UserId == user && p.ModelDefinition!.Workspace == name && readable.Contains(p.Permission), ct)
            || await db.GatewayEndpointPermissions.AcrossAllWorkspaces(CrossWorkspaceReason.WorkspaceEntry)
                .AnyAsync(p => p.UserId == user && p.Endpoint!.Workspace == name && readable.Contains(p.Permission), ct);
    }

    public async Task<Decision> ExperimentAsync(long experimentId, CancellationToken ct)
    {
        bool exists;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            exists = await db.Experiments.AnyAsync(e => e.ExperimentId == experimentId, ct);
        return exists ? await KnownExperimentAsync(experimentId, ct) : new Decision(false, null, await WorkspaceAsync(null, ct));
    }

    /// <summary>An experiment already found in this workspace (e.g. through a cached run): only the grants are read.</summary>
    public async Task<Decision> KnownExperimentAsync(long experimentId, CancellationToken ct)
    {
        var user = access.UserId ?? -1;
        var key = "exp:" + experimentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!cache.TryGet(user, key, out var grant))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            grant = await db.ExperimentPermissions.Where(p => p.ExperimentId == experimentId && p.UserId == user).Select(p => p.Permission).FirstOrDefaultAsync(ct);
            cache.Put(user, key, grant);
        }
        return new Decision(true, grant is null ? null : Permission.FromName(grant), await WorkspaceAsync(null, ct));
    }

    public async Task<Decision> ExperimentByNameAsync(string name, CancellationToken ct)
    {
        long? id;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            id = await db.Experiments.Where(e => e.Name == name).Select(e => (long?)e.ExperimentId).FirstOrDefaultAsync(ct);
        return id is null ? new Decision(false, null, await WorkspaceAsync(null, ct)) : await ExperimentAsync(id.Value, ct);
    }

    public async Task<Decision> RunAsync(string runId, CancellationToken ct)
    {
        long? experimentId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            experimentId = await db.Runs.Where(r => r.RunUuid == runId).Select(r => (long?)r.ExperimentId).FirstOrDefaultAsync(ct);
        return experimentId is null ? new Decision(false, null, await WorkspaceAsync(null, ct)) : await ExperimentAsync(experimentId.Value, ct);
    }

    public async Task<Decision> LoggedModelAsync(string modelId, CancellationToken ct)
    {
        long? experimentId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            experimentId = await db.LoggedModels.Where(m => m.ModelId == modelId).Select(m => (long?)m.ExperimentId).FirstOrDefaultAsync(ct);
        return experimentId is null ? new Decision(false, null, await WorkspaceAsync(null, ct)) : await ExperimentAsync(experimentId.Value, ct);
    }

    /// <summary>
    /// A scoped artifact path is judged by the experiment it lies under (<c>workspaces/ws/12/…</c>), as MLflow's auth
    /// plugin does; a path under no experiment of this workspace is judged by the workspace permission alone.
    /// </summary>
    public async Task<Decision> ArtifactPathAsync(string scopedPath, CancellationToken ct)
    {
        if (Artifacts.ArtifactPath.ExperimentIdOf(scopedPath) is { } experimentId)
        {
            var decision = await ExperimentAsync(experimentId, ct);
            if (decision.Exists)
                return decision;
        }
        return new Decision(true, null, await WorkspaceAsync(null, ct));
    }

    public async Task<Decision> RegisteredModelAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        var grant = id is null
            ? null
            : await db.RegisteredModelPermissions.Where(p => p.RegisteredModelId == id && p.UserId == access.UserId).Select(p => p.Permission).FirstOrDefaultAsync(ct);
        return new Decision(id is not null, grant is null ? null : Permission.FromName(grant), await WorkspaceAsync(null, ct));
    }

    /// <summary>A gateway resource of this workspace by id: its explicit grant (which wins, higher or lower), else the workspace's.</summary>
    public async Task<Decision> GatewayAsync(GatewayResource kind, string id, CancellationToken ct)
    {
        var user = access.UserId ?? -1;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (exists, grant) = kind switch
        {
            GatewayResource.Secret => (await db.GatewaySecrets.AnyAsync(s => s.SecretId == id, ct),
                await db.GatewaySecretPermissions.Where(p => p.SecretId == id && p.UserId == user).Select(p => p.Permission).FirstOrDefaultAsync(ct)),
            GatewayResource.ModelDefinition => (await db.GatewayModelDefinitions.AnyAsync(d => d.ModelDefinitionId == id, ct),
                await db.GatewayModelDefinitionPermissions.Where(p => p.ModelDefinitionId == id && p.UserId == user).Select(p => p.Permission).FirstOrDefaultAsync(ct)),
            _ => (await db.GatewayEndpoints.AnyAsync(e => e.EndpointId == id, ct),
                await db.GatewayEndpointPermissions.Where(p => p.EndpointId == id && p.UserId == user).Select(p => p.Permission).FirstOrDefaultAsync(ct)),
        };
        return new Decision(exists, grant is null ? null : Permission.FromName(grant), await WorkspaceAsync(null, ct));
    }

    /// <summary>Which gateway resources of this workspace the caller may read, for filtering a list.</summary>
    public async Task<Func<string, bool>> ReadableGatewayAsync(GatewayResource kind, CancellationToken ct)
    {
        if (!access.IsRestricted)
            return _ => true;
        var workspaceRead = (await WorkspaceAsync(null, ct)).CanRead;
        var user = access.UserId ?? -1;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grants = kind switch
        {
            GatewayResource.Secret => await db.GatewaySecretPermissions.Where(p => p.UserId == user).ToDictionaryAsync(p => p.SecretId, p => p.Permission, ct),
            GatewayResource.ModelDefinition => await db.GatewayModelDefinitionPermissions.Where(p => p.UserId == user)
                .ToDictionaryAsync(p => p.ModelDefinitionId, p => p.Permission, ct),
            _ => await db.GatewayEndpointPermissions.Where(p => p.UserId == user).ToDictionaryAsync(p => p.EndpointId, p => p.Permission, ct),
        };
        return id => grants.TryGetValue(id, out var grant) ? Permission.FromName(grant).CanRead : workspaceRead;
    }

    /// <summary>
    /// The SQL condition limiting a listing to what the caller may read, or null when nothing is hidden.
    /// <paramref name="grantsTable"/>/<paramref name="grantKey"/> name the explicit grants of the listed resource.
    /// </summary>
    internal async Task<Func<Search.SqlText, string, string>?> ReadableConditionAsync(string grantsTable, string grantKey, CancellationToken ct)
    {
        if (!access.IsRestricted)
            return null;
        var workspaceRead = (await WorkspaceAsync(null, ct)).CanRead;
        var userId = access.UserId ?? -1;
        return (sql, resourceKey) =>
        {
            var user = sql.Param(userId);
            var readable = string.Join(", ", Permission.Readable.Select(p => sql.Param(p)));
            var explicitRead = $"EXISTS (SELECT 1 FROM {grantsTable} g WHERE g.{grantKey} = {resourceKey} AND g.user_id = {user} AND g.permission IN ({readable}))";
            if (!workspaceRead)
                return explicitRead;
            return $"({explicitRead} OR NOT EXISTS (SELECT 1 FROM {grantsTable} g WHERE g.{grantKey} = {resourceKey} AND g.user_id = {user}))";
        };
    }

    /// <summary>The subset of <paramref name="experimentIds"/> (already in this workspace) the caller may read.</summary>
    public async Task<List<long>> ReadableExperimentsAsync(List<long> experimentIds, CancellationToken ct)
    {
        if (!access.IsRestricted || experimentIds.Count == 0)
            return experimentIds;
        var workspaceRead = (await WorkspaceAsync(null, ct)).CanRead;
        var user = access.UserId ?? -1;
        var readable = Permission.Readable.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grants = await db.ExperimentPermissions.Where(p => p.UserId == user && experimentIds.Contains(p.ExperimentId))
            .ToDictionaryAsync(p => p.ExperimentId, p => readable.Contains(p.Permission), ct);
        return experimentIds.Where(id => grants.TryGetValue(id, out var canRead) ? canRead : workspaceRead).ToList();
    }

    /// <summary>Workspaces the caller may see: a readable grant, or <c>default</c> under GrantDefaultWorkspaceAccess.</summary>
    public async Task<Func<string, bool>> VisibleWorkspacesAsync(CancellationToken ct)
    {
        if (!access.IsRestricted)
            return _ => true;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readable = Permission.Readable.ToList();
        var granted = (await db.WorkspacePermissions.Where(p => p.UserId == access.UserId && readable.Contains(p.Permission))
            .Select(p => p.Workspace).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (auth.GrantDefaultWorkspaceAccess && DefaultPermission().CanRead)
            granted.Add(WorkspaceNames.Default);
        return granted.Contains;
    }

    private Permission DefaultPermission() => Permission.Parse(auth.DefaultPermission) is { IsSuccess: true } p ? p.Value : Permission.None;
}
