using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;

namespace Workspaces.Data.Tracking;

/// <summary>
/// Metric, param and tag logging: validation with MLflow's messages, then one transaction of raw
/// batch commands (<see cref="BatchWriter"/>). Run lookups go through the run cache.
/// </summary>
public sealed class RunLoggingService(IDbContextFactory<TrackingDbContext> dbFactory, StoreConnection store, RunLookup lookup, RunStateCache cache,
    IngestionGate gate)
{
    public const string RunNameTag = "mlflow.runName";

    public async Task<Result> LogBatchAsync(string runId, LogBatchRequest batch, CancellationToken ct)
    {
        if (TrackingValidation.RunId(runId) is { } badId)
            return badId;
        var validated = Validate(batch);
        if (!validated.IsSuccess)
            return validated.Error;
        if (TrackingValidation.BatchLimits(batch.Metrics.Count, batch.Params.Count, batch.Tags.Count) is { } tooMany)
            return tooMany;
        if (TrackingValidation.UniqueParamKeys(batch.Params.Select(p => p.Key)) is { } duplicate)
            return duplicate;
        return await WriteAsync(runId, validated.Value, singleParam: false, ct);
    }

    public async Task<Result> LogMetricAsync(string runId, MetricPoint point, CancellationToken ct)
    {
        if (ValidateMetric(point, "") is { } bad)
            return bad;
        return await WriteAsync(runId, new LogBatchRequest([point], [], []), singleParam: false, ct);
    }

    public async Task<Result> LogParamAsync(string runId, string? key, string? value, CancellationToken ct)
    {
        if ((TrackingValidation.ParamName(key) ?? StoredText.NoNul(value, "value")) is { } bad)
            return bad;
        var param = new KeyValue(key!, TrackingValidation.TruncateParamValue(value ?? ""));
        return await WriteAsync(runId, new LogBatchRequest([], [param], []), singleParam: true, ct);
    }

    public async Task<Result> SetTagAsync(string runId, string? key, string? value, CancellationToken ct)
    {
        if ((TrackingValidation.TagName(key) ?? TrackingValidation.TagKeyLength(key!, "key") ?? StoredText.NoNul(value, "value")) is { } bad)
            return bad;
        return await WriteAsync(runId, new LogBatchRequest([], [], [new KeyValue(key!, TrackingValidation.TruncateTagValue(value ?? ""))]), singleParam: false, ct);
    }

    /// <summary>
    /// Every logging RPC ends here: the run is resolved once (cached) for the caller's EDIT check and for the write.
    /// Validation runs first because it reads nothing, so its 400 reveals nothing about the run.
    /// </summary>
    private async Task<Result> WriteAsync(string runId, LogBatchRequest batch, bool singleParam, CancellationToken ct)
    {
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Update, ct) is { } denied)
            return denied;
        var run = await lookup.ActiveAsync(runId, ct);
        if (!run.IsSuccess)
            return run.Error;
        // Started before the gate, so a trace shows time spent queueing for a write slot apart from the request's.
        using var activity = IngestionTracing.Source.StartActivity("ingest write");
        activity?.SetTag("mlflow.run_id", runId);
        activity?.SetTag("workspaces.metrics", batch.Metrics.Count);
        activity?.SetTag("workspaces.params", batch.Params.Count);
        activity?.SetTag("workspaces.tags", batch.Tags.Count);
        using var slot = await gate.EnterAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var provider = store.Location.Provider;
            if (provider != DatabaseProvider.Sqlite && batch.Params.Count == 0 && batch.Tags.Count == 0)
            {
                // Metrics only (the common case): one batched round trip, atomic on its own.
                await BatchWriter.InsertMetricsAsync(connection, null, provider, runId, batch.Metrics, ct);
                IngestionMetrics.MetricRows.Add(batch.Metrics.Count);
                return Result.Ok;
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var dbTx = tx.GetDbTransaction();
            if (batch.Params.Count > 0)
            {
                var existing = await BatchWriter.ReadParamsAsync(connection, dbTx, runId, batch.Params.Select(p => p.Key), ct);
                var changed = batch.Params.Where(p => existing.TryGetValue(p.Key, out var old) && old != p.Value).ToList();
                if (changed.Count > 0)
                    return ParamConflict(runId, changed, existing, singleParam);
                await BatchWriter.InsertParamsAsync(connection, dbTx, provider, runId, batch.Params.Where(p => !existing.ContainsKey(p.Key)).ToList(), ct);
            }
            if (batch.Tags.Count > 0)
            {
                // Later tags with the same key win, as in MLflow.
                var tags = batch.Tags.GroupBy(t => t.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
                await BatchWriter.UpsertTagsAsync(connection, dbTx, provider, runId, tags, ct);
                if (tags.LastOrDefault(t => t.Key == RunNameTag) is { } name)
                    await RenameAsync(connection, dbTx, runId, name.Value, ct);
            }
            await BatchWriter.InsertMetricsAsync(connection, dbTx, provider, runId, batch.Metrics, ct);
            await tx.CommitAsync(ct);
            IngestionMetrics.MetricRows.Add(batch.Metrics.Count);
        }
        catch (DbException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            cache.Forget(runId); // the run disappeared after the lookup
            return NotFoundErrors.Run(runId);
        }
        return Result.Ok;
    }

    private static async Task RenameAsync(DbConnection connection, DbTransaction tx, string runId, string? name, CancellationToken ct)
    {
        await using var command = BatchWriter.Command(connection, tx, "UPDATE runs SET name = @name WHERE run_uuid = @run");
        BatchWriter.Add(command, "name", name is { Length: > StoredText.RunName } ? name[..StoredText.RunName] : name);
        BatchWriter.Add(command, "run", runId);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static Result<LogBatchRequest> Validate(LogBatchRequest batch)
    {
        for (var i = 0; i < batch.Metrics.Count; i++)
        {
            var point = batch.Metrics[i];
            if ((!TrackingValidation.IsKnownValidMetricName(point.Key) || point.Timestamp < 0 || point.ModelId is not null || point.DatasetName is not null
                    || point.DatasetDigest is not null) && ValidateMetric(point, $"metrics[{i}]") is { } bad)
                return bad;
        }
        var parameters = new List<KeyValue>(batch.Params.Count);
        for (var i = 0; i < batch.Params.Count; i++)
        {
            if ((TrackingValidation.ParamName(batch.Params[i].Key, $"params[{i}].key") ?? StoredText.NoNul(batch.Params[i].Value, $"params[{i}].value")) is { } bad)
                return bad;
            parameters.Add(batch.Params[i] with { Value = TrackingValidation.TruncateParamValue(batch.Params[i].Value ?? "") });
        }
        var tags = new List<KeyValue>(batch.Tags.Count);
        for (var i = 0; i < batch.Tags.Count; i++)
        {
            var path = $"tags[{i}].key";
            if ((TrackingValidation.TagName(batch.Tags[i].Key, path) ?? TrackingValidation.TagKeyLength(batch.Tags[i].Key, path)
                    ?? StoredText.NoNul(batch.Tags[i].Value, $"tags[{i}].value")) is { } bad)
                return bad;
            tags.Add(batch.Tags[i] with { Value = TrackingValidation.TruncateTagValue(batch.Tags[i].Value ?? "") });
        }
        return new LogBatchRequest(batch.Metrics, parameters, tags);
    }

    private static Error? ValidateMetric(MetricPoint point, string path)
    {
        // Clients log the same few keys thousands of times: remember the valid ones.
        if (!TrackingValidation.IsKnownValidMetricName(point.Key))
        {
            if (TrackingValidation.MetricName(point.Key, path.Length == 0 ? "name" : $"{path}.name") is { } bad)
                return bad;
            TrackingValidation.RememberValidMetricName(point.Key);
        }
        var prefix = path.Length == 0 ? "" : $"{path}.";
        if (point.Timestamp < 0)
            return TrackingValidation.MetricTimestamp(point.Key, point.Value, point.Timestamp, $"{prefix}timestamp");
        return StoredText.Check(point.ModelId, $"{prefix}model_id", StoredText.LoggedModelId)
            ?? StoredText.Check(point.DatasetName, $"{prefix}dataset_name", StoredText.DatasetName)
            ?? StoredText.Check(point.DatasetDigest, $"{prefix}dataset_digest", StoredText.DatasetDigest);
    }

    private static Error ParamConflict(string runId, List<KeyValue> changed, Dictionary<string, string?> existing, bool single)
    {
        if (single)
        {
            var p = changed[0];
            return Error.InvalidParameter($"Changing param values is not allowed. Param with key='{p.Key}' was already logged with value='{existing[p.Key]}' "
                + $"for run ID='{runId}'. Attempted logging new value '{p.Value}'.");
        }
        var described = changed.Select(p => $"{{'key': '{p.Key}', 'old_value': '{existing[p.Key]}', 'new_value': '{p.Value}'}}");
        return Error.InvalidParameter($"Changing param values is not allowed. Params were already logged='[{string.Join(", ", described)}]' for run ID='{runId}'.");
    }
}
