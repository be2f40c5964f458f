using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workspaces.Data.Tracking;

/// <summary>
/// Deletes the metric points of runs that are being hard-deleted (gc, CASCADE workspace deletes): metrics have no
/// foreign key to runs (<see cref="Entities.IUnkeyedRunChild"/>), so nothing cascades to them. Call inside the
/// transaction that deletes the runs (or their experiments), before that delete.
/// <para>
/// On PostgreSQL and MySQL the rows of the runs are locked first (<c>FOR UPDATE</c>). A log-batch holds its run's row
/// in share mode while it writes (<see cref="BatchWriter"/>), so the lock waits for the batches in flight, whose points
/// the delete then sees; a batch that comes later waits for this transaction and then finds no run: its latest-value
/// upsert fails the foreign key <c>latest_metrics</c> keeps, and it writes nothing. Experiments are locked before their
/// runs, so no run can be created in them meanwhile. SQLite writers take turns, so SQLite needs no lock.
/// </para>
/// </summary>
internal static class RunMetricsCleanup
{
    private const int ChunkSize = 500;

    /// <summary>Before deleting these runs.</summary>
    public static async Task DeleteForRunsAsync(TrackingDbContext db, IReadOnlyList<string> runIds, CancellationToken ct)
    {
        foreach (var chunk in runIds.Chunk(ChunkSize))
            await ReadAsync(db, $"SELECT run_uuid FROM runs WHERE run_uuid IN ({Placeholders(chunk.Length)})", chunk, ct);
        await DeleteMetricsAsync(db, runIds, ct);
    }

    /// <summary>
    /// Before deleting the experiments that <paramref name="experimentsWhere"/> selects (a condition on <c>experiments</c>
    /// with parameters <c>@p0</c>, <c>@p1</c> … bound to <paramref name="args"/>), which takes their runs along.
    /// </summary>
    public static async Task DeleteForExperimentsAsync(TrackingDbContext db, string experimentsWhere, IReadOnlyList<object> args, CancellationToken ct)
    {
        await ReadAsync(db, $"SELECT experiment_id FROM experiments WHERE {experimentsWhere}", args, ct);
        var runIds = await ReadAsync(db, $"SELECT run_uuid FROM runs WHERE experiment_id IN (SELECT experiment_id FROM experiments WHERE {experimentsWhere})",
            args, ct);
        await DeleteMetricsAsync(db, runIds.Select(id => (string)id).ToList(), ct);
    }

    public static string Placeholders(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"@p{i}"));

    private static async Task DeleteMetricsAsync(TrackingDbContext db, IReadOnlyList<string> runIds, CancellationToken ct)
    {
        foreach (var chunk in runIds.Chunk(ChunkSize))
        {
            await using var command = CommandFor(db, $"DELETE FROM metrics WHERE run_uuid IN ({Placeholders(chunk.Length)})", chunk);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The first column of every row, the rows locked for update where the database has row locks.</summary>
    private static async Task<List<object>> ReadAsync(TrackingDbContext db, string sql, IReadOnlyList<object> args, CancellationToken ct)
    {
        await using var command = CommandFor(db, db is SqliteTrackingDbContext ? sql : sql + " FOR UPDATE", args);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new List<object>();
        while (await reader.ReadAsync(ct))
            values.Add(reader.GetValue(0));
        return values;
    }

    private static DbCommand CommandFor(TrackingDbContext db, string sql, IReadOnlyList<object> args)
    {
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Metric points are deleted in the transaction that deletes their runs.");
        var command = BatchWriter.Command(db.Database.GetDbConnection(), tx, sql);
        for (var i = 0; i < args.Count; i++)
            BatchWriter.Add(command, $"p{i}", args[i]);
        return command;
    }
}
