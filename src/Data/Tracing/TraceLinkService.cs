using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;

namespace Workspaces.Data.Tracing;

/// <summary>delete-traces, link-to-run and link-prompts: the trace operations that act on several rows at once.</summary>
public sealed class TraceLinkService(IDbContextFactory<TrackingDbContext> dbFactory, TraceAccess access, RunLookup runs)
{
    public const int MaxLinkedTraces = 100;

    /// <summary>Deletes by ids, or the oldest traces up to an inclusive time bound; needs MANAGE on the experiment.</summary>
    public async Task<Result<int>> DeleteAsync(DeleteTracesRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.ExperimentId))
            return Error.MissingParameter("experiment_id");
        var experimentId = ExperimentIds.Parse(request.ExperimentId);
        if (!experimentId.IsSuccess)
            return experimentId.Error;
        var hasIds = request.TraceIds is { Count: > 0 };
        if (request.MaxTimestampMillis is null && !hasIds)
            return Error.InvalidParameter("Either `max_timestamp_millis` or `trace_ids` must be specified.");
        if (request.MaxTimestampMillis is not null && hasIds)
            return Error.InvalidParameter("Only one of `max_timestamp_millis` and `trace_ids` can be specified.");
        if (hasIds && request.MaxTraces is not null)
            return Error.InvalidParameter("`max_traces` can't be specified if `trace_ids` is specified.");
        if (request.MaxTraces is <= 0)
            return Error.InvalidParameter($"`max_traces` must be a positive integer, received {request.MaxTraces}");
        if (await access.ExperimentAsync(experimentId.Value, AccessLevel.Delete, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Experiments.AnyAsync(e => e.ExperimentId == experimentId.Value, ct))
            return ExperimentIds.NotFound(ExperimentIds.Format(experimentId.Value));
        var inExperiment = db.TraceInfos.Where(t => t.ExperimentId == experimentId.Value);
        List<string> ids;
        if (hasIds)
        {
            var wanted = request.TraceIds!.Distinct(StringComparer.Ordinal).ToList();
            ids = await inExperiment.Where(t => wanted.Contains(t.RequestId)).Select(t => t.RequestId).ToListAsync(ct);
        }
        else
        {
            var old = inExperiment.Where(t => t.TimestampMs <= request.MaxTimestampMillis).OrderBy(t => t.TimestampMs).ThenBy(t => t.RequestId)
                .Select(t => t.RequestId);
            ids = await (request.MaxTraces is { } max ? old.Take((int)Math.Min(max, int.MaxValue)) : old).ToListAsync(ct);
        }
        var deleted = 0;
        // Children go with the trace through ON DELETE CASCADE; chunks keep the bound-parameter count small.
        foreach (var chunk in ids.Chunk(500))
            deleted += await db.TraceInfos.Where(t => chunk.Contains(t.RequestId)).ExecuteDeleteAsync(ct);
        return deleted;
    }

    /// <summary>Links traces to a run; traces the caller cannot see (other workspaces, unknown ids) are ignored.</summary>
    public async Task<Result> LinkToRunAsync(IReadOnlyList<string> traceIds, string? runId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(runId))
            return Error.MissingParameter("run_id");
        if (traceIds.Count > MaxLinkedTraces)
            return Error.InvalidParameter($"Cannot link more than {MaxLinkedTraces} traces to a run in a single request. Provided {traceIds.Count} traces.");
        if (await runs.AuthorizeAsync(runId, AccessLevel.Update, ct) is { } denied)
            return denied;
        var run = await runs.ActiveAsync(runId, ct);
        if (!run.IsSuccess)
            return run.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = traceIds.Distinct(StringComparer.Ordinal).ToList();
        var traces = await db.TraceInfos.Where(t => ids.Contains(t.RequestId)).Select(t => new { t.RequestId, t.ExperimentId }).ToListAsync(ct);
        foreach (var experiment in traces.Select(t => t.ExperimentId).Distinct())
            if (await access.ExperimentAsync(experiment, AccessLevel.Read, ct) is not null)
                return Auth.Authorizer.Forbidden;
        var found = traces.Select(t => t.RequestId).ToList();
        var linked = await db.TraceRunLinks.Where(l => l.RunUuid == runId && found.Contains(l.RequestId)).Select(l => l.RequestId).ToListAsync(ct);
        db.TraceRunLinks.AddRange(found.Except(linked).Select(id => new TraceRunLink { RequestId = id, RunUuid = runId }));
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    /// <summary>Adds prompt versions to the trace's <c>mlflow.linkedPrompts</c> tag (a JSON list), without duplicates.</summary>
    public async Task<Result> LinkPromptsAsync(string? traceId, IReadOnlyList<LinkedPrompt> prompts, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await access.FindAsync(db, traceId, AccessLevel.Update, ct);
        if (!found.IsSuccess)
            return found.Error;
        var tags = await db.TraceTags.AsTracking().Where(t => t.RequestId == found.Value.RequestId && t.Key == TraceKeys.LinkedPrompts)
            .ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        var current = new List<LinkedPrompt>();
        if (tags.TryGetValue(TraceKeys.LinkedPrompts, out var tag) && !string.IsNullOrEmpty(tag.Value))
        {
            try
            {
                current = JsonSerializer.Deserialize(tag.Value, TracingJsonContext.Default.ListLinkedPrompt) ?? [];
            }
            catch (JsonException)
            {
                // A hand-set tag that is not our list: start over rather than refuse the link.
            }
        }
        foreach (var prompt in prompts)
            if (!current.Contains(prompt))
                current.Add(prompt);
        TraceService.Upsert(db, tags, found.Value.RequestId, TraceKeys.LinkedPrompts, JsonSerializer.Serialize(current, TracingJsonContext.Default.ListLinkedPrompt));
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }
}
