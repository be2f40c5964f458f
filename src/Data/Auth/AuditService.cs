using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Auth;

public sealed record AuditEventDto(long Id, long Timestamp, string Actor, string Action, string TargetType, string Target, string? Workspace,
    string? Before, string? After);

public sealed record AuditQuery(string? Workspace, string? Actor, long? From, long? To, long? MaxResults, string? PageToken);

public sealed record AuditPage(IReadOnlyList<AuditEventDto> Events, string? NextPageToken);

/// <summary>Records every change to users, tokens, workspaces and grants: who, what, target, before/after, when.</summary>
public sealed class AuditService(IDbContextFactory<TrackingDbContext> dbFactory, AccessContext access, TimeProvider time, GrantCache grants, Authorizer authz)
{
    /// <summary>
    /// Records a change. Every change to grants, users and workspaces passes here, so this is also where the grant cache
    /// forgets what it knew: the next decision on this process reads the database again.
    /// </summary>
    public async Task RecordAsync(string action, string targetType, string target, string? workspace, object? before, object? after, CancellationToken ct)
    {
        grants.Clear();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEvents.Add(new AuditEvent
        {
            Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Actor = access.Username ?? (access.AuthEnabled ? "anonymous" : "system"),
            Action = action,
            TargetType = targetType,
            Target = target,
            Workspace = workspace,
            Before = before is null ? null : JsonSerializer.Serialize(before),
            After = after is null ? null : JsonSerializer.Serialize(after),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The log, newest first: admins only (it names every account and workspace).</summary>
    public async Task<Result<AuditPage>> QueryAsync(AuditQuery query, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        var max = query.MaxResults ?? 100;
        if (max is < 1 or > 1000)
            return Error.InvalidParameter($"Invalid value {max} for parameter 'max_results' supplied. It must be between 1 and 1000");
        var offset = PageToken.ParseOffset(query.PageToken);
        if (!offset.IsSuccess)
            return offset.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var events = db.AuditEvents.AsQueryable();
        if (!string.IsNullOrEmpty(query.Workspace))
            events = events.Where(e => e.Workspace == query.Workspace);
        if (!string.IsNullOrEmpty(query.Actor))
            events = events.Where(e => e.Actor == query.Actor);
        if (query.From is { } from)
            events = events.Where(e => e.Timestamp >= from);
        if (query.To is { } to)
            events = events.Where(e => e.Timestamp <= to);
        var rows = await events.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Skip(offset.Value).Take((int)max + 1).ToListAsync(ct);
        var page = rows.Take((int)max).Select(e => new AuditEventDto(e.Id, e.Timestamp, e.Actor, e.Action, e.TargetType, e.Target, e.Workspace, e.Before, e.After)).ToList();
        return new AuditPage(page, rows.Count > max ? PageToken.Create(offset.Value + (int)max) : null);
    }
}
