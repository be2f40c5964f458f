using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracing;

/// <summary>
/// Finds a trace of the current workspace and decides the caller's right to it through its experiment. An unknown,
/// foreign or hidden trace is the same 404 for everyone (our policy, stricter than MLflow's 403 for unknown ids).
/// </summary>
public sealed class TraceAccess(Authorizer authz)
{
    public static Error NotFound(string traceId) => Error.NotFound($"Trace with ID '{traceId}' not found.");

    public bool IsRestricted => authz.IsRestricted;

    /// <summary>The trace row (tracked by <paramref name="db"/>) when the caller holds <paramref name="level"/> on its experiment.</summary>
    public async Task<Result<TraceInfo>> FindAsync(TrackingDbContext db, string? traceId, AccessLevel level, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(traceId))
            return NotFound(traceId ?? "");
        var trace = await db.TraceInfos.FirstOrDefaultAsync(t => t.RequestId == traceId, ct);
        if (trace is null)
            return NotFound(traceId);
        if (await ExperimentAsync(trace.ExperimentId, level, ct) is { } denied)
            return denied.Code == ErrorCode.ResourceDoesNotExist ? NotFound(traceId) : denied;
        return trace;
    }

    /// <summary>The authorizer's decision on an experiment (its hidden 404 or the 403), or null.</summary>
    public Task<Error?> ExperimentAsync(long experimentId, AccessLevel level, CancellationToken ct) => authz.ExperimentAsync(experimentId, level, ct);
}
