using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>Where a user's access to one resource comes from, step by step of SPEC §6.</summary>
public sealed record AccessExplanation(
    string Username, bool IsAdmin, Permission? Explicit, Permission? WorkspaceGrant, Permission? Default, Permission Effective, string Source);

/// <summary>
/// Answers "what can user X do on experiment/model Y of this workspace, and why" for the permission page.
/// Same order as <see cref="AccessService"/>: admin → explicit grant → workspace grant → default fallback → nothing.
/// </summary>
public sealed class AccessExplainer(IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, AuthSettings auth, ServerSettings server)
{
    public async Task<Result<AccessExplanation>> ExperimentAsync(string username, string experimentId, CancellationToken ct)
    {
        var id = ExperimentIds.Parse(experimentId);
        if (!id.IsSuccess)
            return id.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Experiments.AnyAsync(e => e.ExperimentId == id.Value, ct))
            return ExperimentIds.NotFound(experimentId);
        return await ExplainAsync(db, username, async userId =>
            await db.ExperimentPermissions.Where(p => p.ExperimentId == id.Value && p.UserId == userId).Select(p => p.Permission).FirstOrDefaultAsync(ct), ct);
    }

    public async Task<Result<AccessExplanation>> RegisteredModelAsync(string username, string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
        if (modelId is null)
            return RegistryRules.ModelNotFound(name);
        return await ExplainAsync(db, username, async userId =>
            await db.RegisteredModelPermissions.Where(p => p.RegisteredModelId == modelId && p.UserId == userId).Select(p => p.Permission).FirstOrDefaultAsync(ct), ct);
    }

    /// <summary>An API key, model definition or endpoint, named as the pages show it (its name) or by its id.</summary>
    public async Task<Result<AccessExplanation>> GatewayAsync(GatewayResource kind, string username, string nameOrId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = kind switch
        {
            GatewayResource.Secret => await db.GatewaySecrets.Where(s => s.SecretId == nameOrId || s.SecretName == nameOrId).Select(s => s.SecretId)
                .FirstOrDefaultAsync(ct),
            GatewayResource.ModelDefinition => await db.GatewayModelDefinitions.Where(d => d.ModelDefinitionId == nameOrId || d.Name == nameOrId)
                .Select(d => d.ModelDefinitionId).FirstOrDefaultAsync(ct),
            _ => await db.GatewayEndpoints.Where(e => e.EndpointId == nameOrId || e.Name == nameOrId).Select(e => e.EndpointId).FirstOrDefaultAsync(ct),
        };
        if (id is null)
            return Error.NotFound($"No gateway {GatewayKind(kind)} named '{nameOrId}' in this workspace");
        return await ExplainAsync(db, username, async userId => kind switch
        {
            GatewayResource.Secret => await db.GatewaySecretPermissions.Where(p => p.SecretId == id && p.UserId == userId).Select(p => p.Permission)
                .FirstOrDefaultAsync(ct),
            GatewayResource.ModelDefinition => await db.GatewayModelDefinitionPermissions.Where(p => p.ModelDefinitionId == id && p.UserId == userId)
                .Select(p => p.Permission).FirstOrDefaultAsync(ct),
            _ => await db.GatewayEndpointPermissions.Where(p => p.EndpointId == id && p.UserId == userId).Select(p => p.Permission).FirstOrDefaultAsync(ct),
        }, ct);
    }

    /// <summary>How the pages name each kind of gateway resource.</summary>
    public static string GatewayKind(GatewayResource kind) => kind switch
    {
        GatewayResource.Secret => "API key",
        GatewayResource.ModelDefinition => "model definition",
        _ => "endpoint",
    };

    private async Task<Result<AccessExplanation>> ExplainAsync(TrackingDbContext db, string username, Func<long, Task<string?>> explicitGrant, CancellationToken ct)
    {
        var user = await db.Users.Where(u => u.Username == username).Select(u => new { u.Id, u.IsAdmin }).FirstOrDefaultAsync(ct);
        if (user is null)
            return UserService.NotFound(username);
        var explicitName = await explicitGrant(user.Id);
        var workspaceName = await db.WorkspacePermissions.Where(p => p.Workspace == workspace.Name && p.UserId == user.Id)
            .Select(p => p.Permission).FirstOrDefaultAsync(ct);
        var fallback = Permission.Parse(auth.DefaultPermission) is { IsSuccess: true } d ? d.Value : Permission.None;
        var defaultApplies = !server.EnableWorkspaces || (auth.GrantDefaultWorkspaceAccess && workspace.Name == WorkspaceNames.Default);
        var explicitLevel = explicitName is null ? null : Permission.FromName(explicitName);
        // With workspaces off every user has the default on everything (AccessService.WorkspaceAsync).
        var workspaceLevel = workspaceName is null || !server.EnableWorkspaces ? null : Permission.FromName(workspaceName);
        var defaultLevel = defaultApplies ? fallback : null;
        var (effective, source) = user.IsAdmin ? (Permission.Manage, "admin: every permission everywhere")
            : explicitLevel is not null ? (explicitLevel, "explicit grant on this resource (wins over the workspace grant)")
            : workspaceLevel is not null ? (workspaceLevel, $"grant on workspace '{workspace.Name}'")
            : defaultLevel is not null ? (defaultLevel, "server default permission")
            : (Permission.None, "no grant: the resource is hidden");
        return new AccessExplanation(username, user.IsAdmin, explicitLevel, workspaceLevel, defaultLevel, effective, source);
    }
}
