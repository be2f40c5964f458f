using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>
/// An explicit grant on one experiment, registered model or gateway resource of the current workspace. <c>Kind</c> is
/// <c>experiment</c>, <c>registered model</c> or a <see cref="WorkspaceAccessReader.GatewayKind"/>.
/// </summary>
public sealed record ResourceGrant(string Username, string Kind, string ResourceId, string ResourceName, string Permission);

/// <summary>Who last set a user's workspace grant, from the audit log.</summary>
public sealed record GrantOrigin(string Actor, long Timestamp);

/// <summary>Reads for the permission page: resource grants of the workspace and who granted what.</summary>
public sealed class WorkspaceAccessReader(IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace)
{
    public async Task<IReadOnlyList<ResourceGrant>> ResourceGrantsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Every grant table is a workspace child: its query filter keeps the list inside the current workspace.
        var experiments = await db.ExperimentPermissions
            .Select(p => new { p.User!.Username, p.ExperimentId, p.Experiment!.Name, p.Permission }).ToListAsync(ct);
        var models = await db.RegisteredModelPermissions
            .Select(p => new { p.User!.Username, p.Model!.Name, p.Permission }).ToListAsync(ct);
        var (keyKind, definitionKind, endpointKind) = (GatewayKind(GatewayResource.Secret), GatewayKind(GatewayResource.ModelDefinition),
            GatewayKind(GatewayResource.Endpoint));
        var keys = await db.GatewaySecretPermissions
            .Select(p => new ResourceGrant(p.User!.Username, keyKind, p.SecretId, p.Secret!.SecretName, p.Permission)).ToListAsync(ct);
        var definitions = await db.GatewayModelDefinitionPermissions
            .Select(p => new ResourceGrant(p.User!.Username, definitionKind, p.ModelDefinitionId, p.ModelDefinition!.Name, p.Permission)).ToListAsync(ct);
        var endpoints = await db.GatewayEndpointPermissions
            .Select(p => new ResourceGrant(p.User!.Username, endpointKind, p.EndpointId, p.Endpoint!.Name, p.Permission)).ToListAsync(ct);
        return experiments.Select(e => new ResourceGrant(e.Username, "experiment", ExperimentIds.Format(e.ExperimentId), e.Name, e.Permission))
            .Concat(models.Select(m => new ResourceGrant(m.Username, "registered model", m.Name, m.Name, m.Permission)))
            .Concat(keys).Concat(definitions).Concat(endpoints)
            .OrderBy(g => g.Username, StringComparer.Ordinal).ThenBy(g => g.Kind, StringComparer.Ordinal).ThenBy(g => g.ResourceName, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The <see cref="ResourceGrant.Kind"/> of a gateway resource's grants.</summary>
    public static string GatewayKind(GatewayResource kind) => "gateway " + AccessExplainer.GatewayKind(kind);

    /// <summary>The latest workspace-grant change per user of the current workspace.</summary>
    public async Task<IReadOnlyDictionary<string, GrantOrigin>> GrantOriginsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = workspace.Name;
        var events = await db.AuditEvents.Where(a => a.Workspace == name && a.Action == "grant.workspace.set")
            .Select(a => new { a.Target, a.Actor, a.Timestamp, a.Id }).ToListAsync(ct);
        return events.GroupBy(e => e.Target, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(e => e.Id) is { } last ? new GrantOrigin(last.Actor, last.Timestamp) : null!, StringComparer.Ordinal);
    }
}
