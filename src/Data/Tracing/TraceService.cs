using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;

namespace Workspaces.Data.Tracing;

/// <summary>Traces of the current workspace: start (upsert), read, tag and delete (reference §2.3).</summary>
public sealed class TraceService(IDbContextFactory<TrackingDbContext> dbFactory, TraceAccess access, AssessmentService assessments)
{
    public async Task<Result<TraceInfoDto>> StartAsync(StartTraceRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.TraceId))
            return Error.MissingParameter("trace_id");
        if (request.TraceId.Length > 50)
            return Error.InvalidParameter(TrackingValidation.ExceedsMaximumLength("trace_id", 50));
        if (string.IsNullOrEmpty(request.ExperimentId))
            return Error.MissingParameter("trace_location.mlflow_experiment.experiment_id");
        var experimentId = ExperimentIds.Parse(request.ExperimentId);
        if (!experimentId.IsSuccess)
            return experimentId.Error;
        if (await access.ExperimentAsync(experimentId.Value, AccessLevel.Update, ct) is { } denied)
            return denied;
        foreach (var tag in request.Tags)
            if (TrackingValidation.TagKeyLength(tag.Key, "key") is { } bad)
                return bad;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.FirstOrDefaultAsync(e => e.ExperimentId == experimentId.Value, ct);
        if (experiment is null)
            return ExperimentIds.NotFound(ExperimentIds.Format(experimentId.Value));
        if (experiment.LifecycleStage != Experiment.ActiveStage)
            return ExperimentIds.NotActive(experiment.ExperimentId, experiment.LifecycleStage);

        var traceId = request.TraceId;
        try
        {
            if (await WriteStartAsync(db, experiment, request, ct) is { } failed)
                return failed;
        }
        catch (DbUpdateException e) when (DbErrors.IsConstraintViolation(e))
        {
            // A concurrent request (the span export of the same trace) created a row first: read again, once. A second
            // violation means the id is taken in another workspace, which this caller must not learn about: not found.
            await using var retry = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                if (await WriteStartAsync(retry, experiment, request, ct) is { } failed)
                    return failed;
            }
            catch (DbUpdateException again) when (DbErrors.IsConstraintViolation(again))
            {
                return TraceAccess.NotFound(traceId);
            }
        }
        return (await TraceReader.LoadAsync(db, [traceId], ct))[0];
    }

    /// <summary>start-trace's upsert of the row, tags, metadata and assessments in one transaction.</summary>
    private async Task<Error?> WriteStartAsync(TrackingDbContext db, Experiment experiment, StartTraceRequest request, CancellationToken ct)
    {
        var traceId = request.TraceId!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var info = await db.TraceInfos.AsTracking().FirstOrDefaultAsync(t => t.RequestId == traceId, ct);
        if (info is not null && info.ExperimentId != experiment.ExperimentId)
            return TraceAccess.NotFound(traceId);
        if (info is null)
        {
            info = new TraceInfo { RequestId = traceId, ExperimentId = experiment.ExperimentId };
            db.TraceInfos.Add(info);
        }
        info.TimestampMs = request.TimestampMs;
        info.ExecutionTimeMs = request.ExecutionTimeMs ?? info.ExecutionTimeMs;
        info.Status = string.IsNullOrEmpty(request.State) ? TraceStates.Unspecified : request.State;
        info.ClientRequestId = Cut(request.ClientRequestId, 50) ?? info.ClientRequestId;
        // Previews computed from stored spans win over the client's only when the client sent none.
        info.RequestPreview = Cut(request.RequestPreview, TraceKeys.PreviewLength) ?? info.RequestPreview;
        info.ResponsePreview = Cut(request.ResponsePreview, TraceKeys.PreviewLength) ?? info.ResponsePreview;

        var tags = await db.TraceTags.AsTracking().Where(t => t.RequestId == traceId).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        var metadata = await db.TraceMetadata.AsTracking().Where(t => t.RequestId == traceId).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        foreach (var (key, value) in request.Tags)
            if (key != TraceKeys.SpansLocation || !tags.ContainsKey(key))
                Upsert(db, tags, traceId, key, value);
        Upsert(db, tags, traceId, TraceKeys.ArtifactLocation, ArtifactUri.Append(experiment.ArtifactLocation ?? "", "traces", traceId, "artifacts"));
        foreach (var (key, value) in request.Metadata)
        {
            if (TrackingValidation.TagKeyLength(key, "key") is { } bad)
                return bad;
            UpsertMeta(db, metadata, traceId, key, value);
        }
        if (metadata.TryGetValue(TraceKeys.TokenUsage, out var usage) && TokenUsage.FromMetadata(usage.Value) is { IsEmpty: false } tokens)
            await tokens.StoreAsync(db, traceId, ct);
        await db.SaveChangesAsync(ct);
        foreach (var assessment in request.Assessments)
        {
            var stored = await assessments.InsertAsync(db, traceId, assessment with { TraceId = traceId }, ct);
            if (!stored.IsSuccess)
                return stored.Error;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>v2 EndTrace: sets the end state and duration (end − start) and merges metadata and tags.</summary>
    public async Task<Result<TraceInfoDto>> EndAsync(string? traceId, long endMs, string? status, IReadOnlyList<KeyValuePair<string, string>> metadata,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await access.FindAsync(db, traceId, AccessLevel.Update, ct);
        if (!found.IsSuccess)
            return found.Error;
        var info = await db.TraceInfos.AsTracking().FirstAsync(t => t.RequestId == found.Value.RequestId, ct);
        info.ExecutionTimeMs = Math.Max(0, endMs - info.TimestampMs);
        info.Status = string.IsNullOrEmpty(status) || status == "TRACE_STATUS_UNSPECIFIED" ? TraceStates.Unspecified : status;
        var tagRows = await db.TraceTags.AsTracking().Where(t => t.RequestId == info.RequestId).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        var metaRows = await db.TraceMetadata.AsTracking().Where(t => t.RequestId == info.RequestId).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        foreach (var (key, value) in tags)
        {
            if (TrackingValidation.TagKeyLength(key, "key") is { } bad)
                return bad;
            Upsert(db, tagRows, info.RequestId, key, value);
        }
        foreach (var (key, value) in metadata)
        {
            if (TrackingValidation.TagKeyLength(key, "key") is { } bad)
                return bad;
            UpsertMeta(db, metaRows, info.RequestId, key, value);
        }
        await db.SaveChangesAsync(ct);
        return (await TraceReader.LoadAsync(db, [info.RequestId], ct))[0];
    }

    public async Task<Result<TraceInfoDto>> GetInfoAsync(string? traceId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await access.FindAsync(db, traceId, AccessLevel.Read, ct);
        return found.IsSuccess ? (await TraceReader.LoadAsync(db, [found.Value.RequestId], ct))[0] : found.Error;
    }

    /// <summary>The trace with its stored spans, in start order; a partial trace is returned as it is (UI, traces.json).</summary>
    public Task<Result<TraceDto>> GetAsync(string? traceId, CancellationToken ct) => GetAsync(traceId, allowPartial: true, ct);

    /// <summary>
    /// GetTrace: without <paramref name="allowPartial"/>, a trace whose <c>mlflow.trace.sizeStats</c> counts more spans
    /// than are stored is refused as not fully exported (reference §2.3); the client retries later.
    /// </summary>
    public async Task<Result<TraceDto>> GetAsync(string? traceId, bool allowPartial, CancellationToken ct)
    {
        var info = await GetInfoAsync(traceId, ct);
        if (!info.IsSuccess)
            return info.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var spans = await db.Spans.AsNoTracking().Where(s => s.TraceId == info.Value.TraceId).OrderBy(s => s.StartTimeUnixNano).ThenBy(s => s.SpanId)
            .Select(s => s.Content).ToListAsync(ct);
        if (!allowPartial && info.Value.Metadata.TryGetValue(TraceKeys.SizeStats, out var stats) && ExpectedSpans(stats) > spans.Count)
            return Error.NotFound($"Trace with ID {info.Value.TraceId} is not fully exported yet");
        return new TraceDto(info.Value, spans);
    }

    /// <summary>
    /// Several traces' infos in request order; unknown and foreign ids are left out, and a trace the caller may not
    /// read is refused as a whole (MLflow's newest rule).
    /// </summary>
    public async Task<Result<IReadOnlyList<TraceInfoDto>>> BatchGetInfosAsync(IReadOnlyList<string> traceIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = traceIds.Distinct(StringComparer.Ordinal).ToList();
        var experiments = await db.TraceInfos.Where(t => ids.Contains(t.RequestId)).Select(t => t.ExperimentId).Distinct().ToListAsync(ct);
        foreach (var experiment in experiments)
            if (await access.ExperimentAsync(experiment, AccessLevel.Read, ct) is not null)
                return Auth.Authorizer.Forbidden;
        return await TraceReader.LoadAsync(db, ids, ct);
    }

    public async Task<Result<IReadOnlyList<TraceDto>>> BatchGetAsync(IReadOnlyList<string> traceIds, CancellationToken ct)
    {
        var infos = await BatchGetInfosAsync(traceIds, ct);
        if (!infos.IsSuccess)
            return infos.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = infos.Value.Select(i => i.TraceId).ToList();
        var spans = (await db.Spans.AsNoTracking().Where(s => ids.Contains(s.TraceId)).OrderBy(s => s.StartTimeUnixNano).ThenBy(s => s.SpanId)
            .Select(s => new { s.TraceId, s.Content }).ToListAsync(ct)).ToLookup(s => s.TraceId, s => s.Content);
        return infos.Value.Select(i => new TraceDto(i, spans[i.TraceId].ToList())).ToList();
    }

    public async Task<Result> SetTagAsync(string? traceId, string? key, string? value, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key))
            return Error.MissingParameter("key");
        if ((TrackingValidation.TagName(key) ?? TrackingValidation.TagKeyLength(key, "key")) is { } bad)
            return bad;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await access.FindAsync(db, traceId, AccessLevel.Update, ct);
        if (!found.IsSuccess)
            return found.Error;
        var tags = await db.TraceTags.AsTracking().Where(t => t.RequestId == found.Value.RequestId && t.Key == key).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        Upsert(db, tags, found.Value.RequestId, key, value ?? "");
        await db.SaveChangesAsync(ct);
        return Result.Ok;
    }

    public async Task<Result> DeleteTagAsync(string? traceId, string? key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key))
            return Error.MissingParameter("key");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await access.FindAsync(db, traceId, AccessLevel.Update, ct);
        if (!found.IsSuccess)
            return found.Error;
        var deleted = await db.TraceTags.AsTracking().Where(t => t.RequestId == found.Value.RequestId && t.Key == key).ExecuteDeleteAsync(ct);
        return deleted == 0 ? Error.NotFound($"No trace tag with key '{key}'") : Result.Ok;
    }

    internal static void Upsert(TrackingDbContext db, Dictionary<string, TraceTag> rows, string traceId, string key, string value)
    {
        value = TrackingValidation.TruncateTagValue(value) ?? "";
        if (rows.TryGetValue(key, out var row))
            row.Value = value;
        else
            db.TraceTags.Add(rows[key] = new TraceTag { RequestId = traceId, Key = key, Value = value });
    }

    private static void UpsertMeta(TrackingDbContext db, Dictionary<string, TraceMetadata> rows, string traceId, string key, string value)
    {
        value = TrackingValidation.TruncateTagValue(value) ?? "";
        if (rows.TryGetValue(key, out var row))
            row.Value = value;
        else
            db.TraceMetadata.Add(rows[key] = new TraceMetadata { RequestId = traceId, Key = key, Value = value });
    }

    /// <summary>The span count the client reported in <c>mlflow.trace.sizeStats</c>; 0 when absent or unreadable.</summary>
    private static long ExpectedSpans(string stats)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(stats);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty(TraceKeys.SizeStatsNumSpans, out var n) && n.TryGetInt64(out var count) ? count : 0;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return 0;
        }
    }

    private static string? Cut(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
}
