using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway;

/// <summary>Calls, tokens, latency and errors of one endpoint in a time bucket, for the UI's usage chart.</summary>
public sealed record GatewayUsageBucket(long Start, int Calls, int Errors, long PromptTokens, long CompletionTokens, double AverageLatencyMs);

/// <summary>Per-endpoint usage (READ on the endpoint), bucketed on the server so a busy endpoint stays a small answer.</summary>
public sealed class GatewayUsageService(IDbContextFactory<TrackingDbContext> dbFactory, Authorizer authz)
{
    public async Task<Result<IReadOnlyList<GatewayUsageBucket>>> ForEndpointAsync(string endpointId, long from, long to, long bucketMs, CancellationToken ct)
    {
        if (bucketMs < 1000 || to <= from || (to - from) / bucketMs > 10_000)
            return Error.InvalidParameter("The usage window must be positive, with buckets of at least a second and at most 10,000 of them.");
        if (await authz.GatewayAsync(GatewayResource.Endpoint, endpointId, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.GatewayEndpoints.AnyAsync(e => e.EndpointId == endpointId, ct))
            return NotFoundErrors.Gateway(GatewayResource.Endpoint, endpointId);
        var buckets = await db.GatewayUsage.Where(u => u.EndpointId == endpointId && u.Timestamp >= from && u.Timestamp < to)
            .GroupBy(u => (u.Timestamp - from) / bucketMs)
            .Select(g => new
            {
                Index = g.Key, Calls = g.Count(), Errors = g.Count(u => u.Status >= 400),
                Prompt = g.Sum(u => (long?)u.PromptTokens) ?? 0, Completion = g.Sum(u => (long?)u.CompletionTokens) ?? 0,
                Latency = g.Average(u => (double)u.LatencyMs),
            })
            .ToListAsync(ct);
        return buckets.OrderBy(b => b.Index)
            .Select(b => new GatewayUsageBucket(from + (b.Index * bucketMs), b.Calls, b.Errors, b.Prompt, b.Completion, b.Latency)).ToList();
    }
}
