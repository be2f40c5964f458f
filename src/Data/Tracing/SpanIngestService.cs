using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracing;

/// <summary>
/// Stores spans received over OTLP (reference §2.3 "Span logging"): spans are upserted per trace, and a trace row is
/// built from them when the client never calls start-trace (plain OpenTelemetry exporters do not).
/// </summary>
public sealed class SpanIngestService(IDbContextFactory<TrackingDbContext> dbFactory, Authorizer authz)
{
    /// <summary>Stores the spans into the experiment; the number of traces touched.</summary>
    public async Task<Result<int>> LogSpansAsync(string experimentId, string? runId, IReadOnlyList<SpanRecord> spans, CancellationToken ct)
    {
        var parsed = ExperimentIds.Parse(experimentId);
        if (!parsed.IsSuccess)
            return parsed.Error;
        if (await authz.ExperimentAsync(parsed.Value, AccessLevel.Update, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.Experiments.Where(e => e.ExperimentId == parsed.Value)
            .Select(e => new { e.ExperimentId, e.LifecycleStage }).FirstOrDefaultAsync(ct);
        if (experiment is null)
            return ExperimentIds.NotFound(ExperimentIds.Format(parsed.Value));
        if (experiment.LifecycleStage != Experiment.ActiveStage)
            return ExperimentIds.NotActive(experiment.ExperimentId, experiment.LifecycleStage);

        var traces = spans.GroupBy(s => s.TraceId, StringComparer.Ordinal).ToList();
        foreach (var trace in traces)
        {
            var outcome = await StoreTraceAsync(experiment.ExperimentId, runId, trace.Key, trace.ToList(), [], ct);
            if (outcome is not null)
                return outcome;
        }
        return traces.Count;
    }

    /// <summary>
    /// Stores one trace the server writes on its own behalf: the AI Gateway's usage trace (reference §3.5). There is
    /// deliberately no permission check: the caller was authorized to USE the endpoint, and the trace is the server's
    /// record of that call in the endpoint's experiment, which the caller need not be able to edit (MLflow writes it the
    /// same way). The experiment must still be active and visible in the request's workspace, so a trace never lands in
    /// another workspace. Internal so that only the server's own code (the gateway) can reach it.
    /// </summary>
    internal async Task<Error?> LogServerTraceAsync(
        long experimentId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<KeyValuePair<string, string>> metadata, CancellationToken ct)
    {
        if (spans.Count == 0 || spans.Any(s => s.TraceId != spans[0].TraceId))
            return Error.InvalidParameter("A server trace is one non-empty trace.");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var stage = await db.Experiments.Where(e => e.ExperimentId == experimentId).Select(e => e.LifecycleStage).FirstOrDefaultAsync(ct);
            if (stage is null)
                return ExperimentIds.NotFound(ExperimentIds.Format(experimentId));
            if (stage != Experiment.ActiveStage)
                return ExperimentIds.NotActive(experimentId, stage);
        }
        return await StoreTraceAsync(experimentId, null, spans[0].TraceId, spans.ToList(), metadata, ct);
    }

    /// <summary>One trace in one transaction; retried once when a concurrent request created the same rows first.</summary>
    private async Task<Error?> StoreTraceAsync(
        long experimentId, string? runId, string hexTraceId, List<SpanRecord> spans, IReadOnlyList<KeyValuePair<string, string>> extra, CancellationToken ct)
    {
        var traceId = TraceKeys.IdPrefix + hexTraceId;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                return await WriteAsync(db, experimentId, runId, traceId, spans, extra, ct);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another request inserted the trace or a span between our read and our write: read again.
            }
        }
    }

    private static async Task<Error?> WriteAsync(
        TrackingDbContext db, long experimentId, string? runId, string traceId, List<SpanRecord> spans,
        IReadOnlyList<KeyValuePair<string, string>> extra, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var info = await db.TraceInfos.AsTracking().FirstOrDefaultAsync(t => t.RequestId == traceId, ct);
        if (info is not null && info.ExperimentId != experimentId)
            return Error.InvalidParameter($"Trace with ID '{traceId}' belongs to another experiment.");
        var root = spans.LastOrDefault(s => string.IsNullOrEmpty(s.ParentSpanId));
        var minStartMs = spans.Min(s => s.StartTimeUnixNano) / 1_000_000;
        if (info is null)
        {
            info = new TraceInfo { RequestId = traceId, ExperimentId = experimentId, TimestampMs = minStartMs };
            db.TraceInfos.Add(info);
        }
        else
        {
            info.TimestampMs = Math.Min(info.TimestampMs, minStartMs);
        }
        if (root is not null)
            ApplyRoot(info, root);

        var ids = spans.Select(s => s.SpanId).Distinct().ToList();
        var existing = await db.Spans.AsTracking().Where(s => s.TraceId == traceId && ids.Contains(s.SpanId)).ToDictionaryAsync(s => s.SpanId, ct);
        // Token usage is recomputed from every stored span: the ones not replaced here, plus the new ones.
        var usage = TokenUsage.Empty;
        var kept = await db.Spans.Where(s => s.TraceId == traceId && !ids.Contains(s.SpanId)
                && (s.Content.Contains(TraceKeys.SpanTokenUsage) || s.Content.Contains(TokenUsage.GenAiUsagePrefix)))
            .Select(s => s.Content).ToListAsync(ct);
        foreach (var content in kept)
            usage += TokenUsage.FromContent(content);
        foreach (var span in spans.GroupBy(s => s.SpanId).Select(g => g.Last()))
        {
            usage += TokenUsage.FromAttributes(span.Attributes);
            var row = existing.GetValueOrDefault(span.SpanId);
            if (row is null)
            {
                row = new TraceSpan { TraceId = traceId, SpanId = span.SpanId, Content = "" };
                db.Spans.Add(row);
            }
            row.ExperimentId = experimentId;
            row.ParentSpanId = string.IsNullOrEmpty(span.ParentSpanId) ? null : span.ParentSpanId;
            row.Name = Truncate(span.Name, StoredText.EntityKey * 4);
            row.Type = SpanJson.Attribute(span.Attributes, TraceKeys.SpanType) is { } type ? Truncate(SpanJson.Text(type), 500) : null;
            row.Status = SpanJson.ShortStatus(span.StatusCode);
            row.StartTimeUnixNano = span.StartTimeUnixNano;
            row.EndTimeUnixNano = span.EndTimeUnixNano > 0 ? span.EndTimeUnixNano : null;
            row.Content = SpanJson.ToContent(span);
        }

        var tags = await db.TraceTags.AsTracking().Where(t => t.RequestId == traceId).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        var metadata = await db.TraceMetadata.AsTracking().Where(t => t.RequestId == traceId).ToDictionaryAsync(t => t.Key, StringComparer.Ordinal, ct);
        Set(db, tags, traceId, TraceKeys.SpansLocation, TraceKeys.TrackingStore, overwrite: true);
        if (root is not null)
            Set(db, tags, traceId, TraceKeys.TraceName, root.Name, overwrite: true);
        SetMeta(db, metadata, traceId, TraceKeys.SchemaVersion, "3", overwrite: false);
        foreach (var span in spans)
        {
            if (SpanJson.Attribute(span.Attributes, TraceKeys.SessionAttribute) is { } session)
                SetMeta(db, metadata, traceId, TraceKeys.Session, SpanJson.Text(session), overwrite: false);
            if (SpanJson.Attribute(span.Attributes, TraceKeys.UserAttribute) is { } user)
                SetMeta(db, metadata, traceId, TraceKeys.User, SpanJson.Text(user), overwrite: false);
        }
        if (!string.IsNullOrEmpty(runId))
            SetMeta(db, metadata, traceId, TraceKeys.SourceRun, runId, overwrite: true);
        foreach (var (key, value) in extra)
            SetMeta(db, metadata, traceId, key, value, overwrite: true);
        if (!usage.IsEmpty)
        {
            SetMeta(db, metadata, traceId, TraceKeys.TokenUsage, usage.ToJson(), overwrite: true);
            await usage.StoreAsync(db, traceId, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>The root span decides the trace's state, duration, name and previews.</summary>
    private static void ApplyRoot(TraceInfo info, SpanRecord root)
    {
        info.TimestampMs = root.StartTimeUnixNano / 1_000_000;
        if (root.EndTimeUnixNano > 0)
        {
            info.ExecutionTimeMs = (root.EndTimeUnixNano - root.StartTimeUnixNano) / 1_000_000;
            info.Status = SpanJson.ShortStatus(root.StatusCode) == "ERROR" ? TraceStates.Error : TraceStates.Ok;
        }
        if (SpanJson.Attribute(root.Attributes, TraceKeys.SpanInputs) is { } inputs)
            info.RequestPreview = Preview(inputs);
        if (SpanJson.Attribute(root.Attributes, TraceKeys.SpanOutputs) is { } outputs)
            info.ResponsePreview = Preview(outputs);
    }

    /// <summary>The JSON the client serialized (one string layer removed), cut to MLflow's preview length.</summary>
    public static string Preview(string attribute)
    {
        var text = attribute;
        if (text.Length >= 2 && text[0] == '"')
        {
            var inner = SpanJson.Unwrap(text);
            // Only a string that itself holds JSON was an extra layer; a plain string answer stays quoted JSON.
            text = inner.Length > 0 && (inner[0] is '{' or '[' or '"') ? inner : text;
        }
        return text.Length <= TraceKeys.PreviewLength ? text : text[..(TraceKeys.PreviewLength - 3)] + "...";
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private static void Set(TrackingDbContext db, Dictionary<string, TraceTag> rows, string traceId, string key, string value, bool overwrite)
    {
        value = Truncate(value, TraceKeys.TagValueLength);
        if (rows.TryGetValue(key, out var row))
        {
            if (overwrite)
                row.Value = value;
            return;
        }
        rows[key] = row = new TraceTag { RequestId = traceId, Key = key, Value = value };
        db.TraceTags.Add(row);
    }

    private static void SetMeta(TrackingDbContext db, Dictionary<string, TraceMetadata> rows, string traceId, string key, string value, bool overwrite)
    {
        value = Truncate(value, TraceKeys.TagValueLength);
        if (rows.TryGetValue(key, out var row))
        {
            if (overwrite)
                row.Value = value;
            return;
        }
        rows[key] = row = new TraceMetadata { RequestId = traceId, Key = key, Value = value };
        db.TraceMetadata.Add(row);
    }
}
