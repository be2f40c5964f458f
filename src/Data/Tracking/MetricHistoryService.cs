using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Tracking;

/// <summary>Metric history reads: the paged full history of one key, and the UI's sampled multi-run view.</summary>
public sealed class MetricHistoryService(IDbContextFactory<TrackingDbContext> dbFactory, RunLookup lookup)
{
    public const int MaxBulkRuns = 100;
    public const int MaxBulkResults = 2500;

    /// <summary>
    /// Opens the history of one key, ordered by step, then timestamp and value (the primary key order, so
    /// the read is an index range scan); no max_results means everything. The points stream from the
    /// database reader to the caller, so a 100,000-point history is never held in memory.
    /// </summary>
    public async Task<Result<MetricHistoryStream>> OpenHistoryAsync(string runId, string key, long? maxResults, string? pageToken, CancellationToken ct)
    {
        if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Read, ct) is { } denied)
            return denied;
        if (maxResults < 0)
            return Error.InvalidParameter($"Invalid value {maxResults} for parameter 'max_results' supplied. It must be a positive integer");
        if (StoredText.NoNul(key, "metric_key") is { } badKey)
            return badKey;
        var offset = PageToken.ParseOffset(pageToken);
        if (!offset.IsSuccess)
            return offset.Error;
        var db = await dbFactory.CreateDbContextAsync(ct);
        // The filtered lookup proves the run belongs to this workspace; the history read is then keyed by run id only.
        if (!await db.Runs.AnyAsync(r => r.RunUuid == runId, ct))
        {
            await db.DisposeAsync();
            return NotFoundErrors.Run(runId);
        }
        int? limit = maxResults is null or 0 ? null : (int)Math.Min(maxResults.Value, int.MaxValue - 1);
        try
        {
            return await MetricHistoryStream.OpenAsync(db, runId, key, limit, offset.Value, ct);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// get-history-bulk-interval: up to <see cref="MaxBulkRuns"/> runs, at most <c>max_results</c> steps sampled evenly
    /// across the runs' steps (plus each run's first and last step), every point at those steps. Runs of other
    /// workspaces are left out.
    /// </summary>
    public async Task<Result<IReadOnlyList<MetricDto>>> GetBulkIntervalAsync(IReadOnlyList<string> runIds, string key, long? startStep, long? endStep,
        long? maxResults, CancellationToken ct)
    {
        var badLimit = maxResults is < 1 or > MaxBulkResults ? Error.InvalidParameter($"max_results must be between 1 and {MaxBulkResults}.") : null;
        if (await ValidateAsync(runIds, key, badLimit, startStep, endStep, ct) is { } invalid)
            return invalid;
        var max = (int)(maxResults ?? MaxBulkResults);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = runIds.Distinct().ToList();
        var points = db.Metrics.Where(m => ids.Contains(m.RunUuid) && m.Key == key);
        var bounds = await points.GroupBy(m => m.RunUuid).Select(g => new { Run = g.Key, Min = g.Min(m => m.Step), Max = g.Max(m => m.Step) }).ToListAsync(ct);
        if (bounds.Count == 0)
            return Array.Empty<MetricDto>();
        var low = startStep ?? 0;
        var high = endStep ?? bounds.Max(b => b.Max);
        var steps = await points.Where(m => m.Step >= low && m.Step <= high).Select(m => m.Step).Distinct().OrderBy(s => s).ToListAsync(ct);
        var chosen = Sample(steps, max);
        foreach (var b in bounds)
        {
            if (b.Min >= low && b.Min <= high)
                chosen.Add(b.Min);
            if (b.Max >= low && b.Max <= high)
                chosen.Add(b.Max);
        }
        var stepList = chosen.ToList();
        var rows = await points.Where(m => stepList.Contains(m.Step))
            .OrderBy(m => m.RunUuid).ThenBy(m => m.Step).ThenBy(m => m.Timestamp).ThenBy(m => m.Value)
            .Select(m => new { m.RunUuid, m.Value, m.IsNan, m.Timestamp, m.Step })
            .ToListAsync(ct);
        // Runs keep the order the client asked for.
        var order = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return rows.OrderBy(r => order[r.RunUuid])
            .Select(m => new MetricDto(key, new StoredValue(m.Value, m.IsNan).ToDouble(), m.Timestamp, m.Step, m.RunUuid))
            .ToList();
    }

    /// <summary>
    /// The UI's chart read: each run's points of <paramref name="key"/> between the steps (inclusive; null = all),
    /// downsampled per run to at most <paramref name="maxPoints"/> by <see cref="MetricSampler{T}"/> (each step bucket's
    /// min and max, plus the first and last point). Zooming in asks again with a narrower window, which is finer.
    /// Runs of other workspaces are left out.
    /// </summary>
    public async Task<Result<IReadOnlyList<MetricDto>>> GetSampledAsync(IReadOnlyList<string> runIds, string key, long? startStep, long? endStep,
        int maxPoints, CancellationToken ct)
    {
        var badLimit = maxPoints is < 4 or > MaxBulkResults ? Error.InvalidParameter($"max_points must be between 4 and {MaxBulkResults}.") : null;
        if (await ValidateAsync(runIds, key, badLimit, startStep, endStep, ct) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = runIds.Distinct().ToList();
        // The workspace filter on Runs decides what is readable; the metric reads below are keyed by these ids only.
        var visible = (await db.Runs.Where(r => ids.Contains(r.RunUuid)).Select(r => r.RunUuid).ToListAsync(ct)).ToHashSet();
        var (low, high) = (startStep ?? long.MinValue, endStep ?? long.MaxValue);
        var result = new List<MetricDto>();
        foreach (var runId in ids.Where(visible.Contains))
        {
            var window = db.Metrics.Where(m => m.RunUuid == runId && m.Key == key && m.Step >= low && m.Step <= high);
            var bounds = await window.GroupBy(m => m.RunUuid)
                .Select(g => new { Count = g.Count(), First = g.Min(m => m.Step), Last = g.Max(m => m.Step) }).FirstOrDefaultAsync(ct);
            if (bounds is null)
                continue;
            // A short history goes out whole; a long one streams through the sampler. Read with a plain reader: EF's
            // materialization of 100,000 rows would cost more than the sampling.
            var sampler = bounds.Count > maxPoints ? new MetricSampler<MetricDto>(bounds.First, bounds.Last, maxPoints) : null;
            await foreach (var point in ReadWindowAsync(db, runId, key, low, high, ct))
            {
                if (sampler is null)
                    result.Add(point);
                else
                    sampler.Add(point, point.Step, point.Value);
            }
            if (sampler is not null)
                result.AddRange(sampler.Result());
        }
        return result;
    }

    /// <summary>One run's points of <paramref name="key"/> with steps in [low, high], in history order.</summary>
    private static async IAsyncEnumerable<MetricDto> ReadWindowAsync(TrackingDbContext db, string runId, string key, long low, long high,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var command = BatchWriter.Command(connection, null, MetricHistoryStream.InPrimaryKeyOrder(connection)
                + "SELECT value, is_nan, \"timestamp\", step FROM metrics WHERE run_uuid = @run AND \"key\" = @key AND step >= @low AND step <= @high "
                + "ORDER BY step, \"timestamp\", value");
            BatchWriter.Add(command, "run", runId);
            BatchWriter.Add(command, "key", key);
            BatchWriter.Add(command, "low", low);
            BatchWriter.Add(command, "high", high);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                yield return new MetricDto(key, new StoredValue(reader.GetDouble(0), reader.GetBoolean(1)).ToDouble(), reader.GetInt64(2), reader.GetInt64(3), runId);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The checks both interval reads share, in MLflow's order; <paramref name="badLimit"/> is the caller's own limit check.</summary>
    private async Task<Error?> ValidateAsync(IReadOnlyList<string> runIds, string key, Error? badLimit, long? startStep, long? endStep, CancellationToken ct)
    {
        if (runIds.Count == 0)
            return Error.MissingParameter("run_ids");
        if (runIds.Count > MaxBulkRuns)
            return Error.InvalidParameter($"GetMetricHistoryBulkInterval request must specify at most {MaxBulkRuns} run_ids. Received {runIds.Count} run_ids.");
        if (StoredText.NoNul(key, "metric_key") is { } badKey)
            return badKey;
        if (badLimit is not null)
            return badLimit;
        if (startStep is not null && endStep is not null)
        {
            if (startStep > endStep)
                return Error.InvalidParameter($"end_step must be greater than start_step. Found start_step={startStep} and end_step={endStep}.");
        }
        else if (startStep is not null || endStep is not null)
        {
            return Error.InvalidParameter("If either start step or end step are specified, both must be specified.");
        }
        foreach (var runId in runIds.Distinct())
        {
            if (await lookup.AuthorizeAsync(runId, Common.AccessLevel.Read, ct) is { } denied)
                return denied;
        }
        return null;
    }

    private static HashSet<long> Sample(List<long> steps, int max)
    {
        if (steps.Count <= max)
            return [.. steps];
        var sampled = new HashSet<long>();
        for (var i = 0; i < max; i++)
            sampled.Add(steps[(int)((long)i * steps.Count / max)]);
        sampled.Add(steps[^1]);
        return sampled;
    }
}
