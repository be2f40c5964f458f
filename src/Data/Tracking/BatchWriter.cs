using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Workspaces.Data.Common;
using Workspaces.Data.Store;

namespace Workspaces.Data.Tracking;

/// <summary>
/// The ingestion hot path: writes a batch's params, tags, metrics and latest metrics with raw commands
/// in the caller's transaction, never through EF change tracking. PostgreSQL inserts whole arrays with
/// <c>unnest</c>; SQLite reuses one prepared command per table; MySQL sends multi-row INSERTs (<see cref="MySqlBatchWriter"/>). Exact duplicate metric points are dropped
/// by the primary key (<c>ON CONFLICT DO NOTHING</c>); the latest value per key is updated once per key
/// by the (step, timestamp, value) rule.
/// </summary>
internal static class BatchWriter
{
    private const string LatestWins =
        "(excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND (excluded.\"timestamp\" > latest_metrics.\"timestamp\" "
        + "OR (excluded.\"timestamp\" = latest_metrics.\"timestamp\" AND excluded.value > latest_metrics.value))))";

    public static async Task<Dictionary<string, string?>> ReadParamsAsync(DbConnection connection, DbTransaction tx, string runId, IEnumerable<string> keys, CancellationToken ct)
    {
        var existing = new Dictionary<string, string?>(StringComparer.Ordinal);
        var keyList = keys.ToList();
        if (keyList.Count == 0)
            return existing;
        await using var command = Command(connection, tx, "");
        var names = new List<string>();
        for (var i = 0; i < keyList.Count; i++)
        {
            names.Add($"@k{i}");
            Add(command, $"k{i}", keyList[i]);
        }
        Add(command, "run", runId);
        command.CommandText = SqlDialect.Identifiers(ProviderOf(connection), $"SELECT \"key\", value FROM params WHERE run_uuid = @run AND \"key\" IN ({string.Join(", ", names)})");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            existing[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        return existing;
    }

    public static Task InsertParamsAsync(DbConnection connection, DbTransaction tx, DatabaseProvider provider, string runId, IReadOnlyList<KeyValue> rows, CancellationToken ct) =>
        provider == DatabaseProvider.MySql
            ? MySqlBatchWriter.InsertParamsAsync(connection, tx, runId, rows, ct)
            : WriteKeyValuesAsync(connection, tx, provider, "params", runId, rows, "ON CONFLICT DO NOTHING", ct);

    public static Task UpsertTagsAsync(DbConnection connection, DbTransaction tx, DatabaseProvider provider, string runId, IReadOnlyList<KeyValue> rows, CancellationToken ct) =>
        provider == DatabaseProvider.MySql
            ? MySqlBatchWriter.UpsertTagsAsync(connection, tx, runId, rows, ct)
            : WriteKeyValuesAsync(connection, tx, provider, "tags", runId, rows, "ON CONFLICT (run_uuid, \"key\") DO UPDATE SET value = excluded.value", ct);

    public static async Task InsertMetricsAsync(DbConnection connection, DbTransaction? tx, DatabaseProvider provider, string runId, IReadOnlyList<MetricPoint> points, CancellationToken ct)
    {
        if (points.Count == 0)
            return;
        if (provider == DatabaseProvider.MySql)
        {
            await MySqlBatchWriter.InsertMetricsAsync(connection, tx, runId, points, ct);
            return;
        }
        const string Columns = "run_uuid, \"key\", value, \"timestamp\", step, is_nan, model_id, dataset_name, dataset_digest";
        if (provider == DatabaseProvider.Postgres)
        {
            await InsertMetricsPostgresAsync((NpgsqlConnection)connection, (NpgsqlTransaction?)tx, runId, points, ct);
            return;
        }
        await using var command = Command(connection, tx,
            $"INSERT INTO metrics ({Columns}) VALUES (@run, @k, @v, @t, @s, @n, @m, @dn, @dd) ON CONFLICT DO NOTHING");
        var p = Parameters(command, "run", "k", "v", "t", "s", "n", "m", "dn", "dd");
        await command.PrepareAsync(ct);
        p[0].Value = runId;
        foreach (var point in points)
        {
            var stored = StoredValue.From(point.Value);
            (p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (point.Key, stored.Value, point.Timestamp, point.Step, stored.IsNan);
            (p[6].Value, p[7].Value, p[8].Value) = (point.ModelId ?? (object)DBNull.Value, point.DatasetName ?? (object)DBNull.Value, point.DatasetDigest ?? (object)DBNull.Value);
            await command.ExecuteNonQueryAsync(ct);
        }
        await UpsertLatestSqliteAsync(connection, tx, runId, points, ct);
    }

    private const string PostgresInsert = "INSERT INTO metrics (run_uuid, \"key\", value, \"timestamp\", step, is_nan";

    // Most points carry no model or dataset: three arrays of nulls less to send and unnest.
    private const string PostgresRows = ") SELECT $1, k, v, t, s, n FROM unnest($2, $3, $4, $5, $6) AS x(k, v, t, s, n)";
    private const string PostgresRowsWithModel = ", model_id, dataset_name, dataset_digest) "
        + "SELECT $1, k, v, t, s, n, m, dn, dd FROM unnest($2, $3, $4, $5, $6, $7, $8, $9) AS x(k, v, t, s, n, m, dn, dd)";

    /// <summary>
    /// Run lock, points and latest values in one batch: one round trip, atomic even without an explicit transaction. On
    /// its own (no caller's transaction) the points go in with a plain INSERT first: PostgreSQL's <c>ON CONFLICT</c>
    /// checks every row's key before inserting it, which cost a third of the insert (bench: 163k rows/s with it, 279k
    /// without, one client, no foreign key). A batch that repeats a stored point fails as a whole, writing nothing, and
    /// is sent again with <c>ON CONFLICT DO NOTHING</c>, so duplicates are still skipped, only slower. If the run is gone,
    /// the latest-value upsert fails its foreign key and the batch writes nothing.
    /// </summary>
    private static async Task InsertMetricsPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string runId, IReadOnlyList<MetricPoint> points,
        CancellationToken ct)
    {
        if (tx is null)
        {
            try
            {
                await using var plain = PostgresBatch(connection, null, runId, points, "");
                await plain.ExecuteNonQueryAsync(ct);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.TableName == "metrics")
            {
                // A point that is already stored (a retried batch) or repeated within the batch: skip it below.
            }
        }
        await using var batch = PostgresBatch(connection, tx, runId, points, " ON CONFLICT DO NOTHING");
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlBatch PostgresBatch(NpgsqlConnection connection, NpgsqlTransaction? tx, string runId, IReadOnlyList<MetricPoint> points, string conflict)
    {
        var stored = points.Select(p => StoredValue.From(p.Value)).ToArray();
        var batch = new NpgsqlBatch(connection, tx);
        // Metrics have no foreign key to runs: the batch holds its run in share mode instead, once, not once per row
        // (a hard delete of the run waits for it; see RunMetricsCleanup).
        var lockRun = new NpgsqlBatchCommand("SELECT 1 FROM runs WHERE run_uuid = $1 FOR KEY SHARE");
        lockRun.Parameters.Add(new NpgsqlParameter { Value = runId });
        batch.BatchCommands.Add(lockRun);
        var withModel = points.Any(p => p.ModelId is not null || p.DatasetName is not null || p.DatasetDigest is not null);
        var insert = new NpgsqlBatchCommand(PostgresInsert + (withModel ? PostgresRowsWithModel : PostgresRows) + conflict);
        insert.Parameters.Add(new NpgsqlParameter { Value = runId });
        AddArray(insert, points.Select(p => p.Key).ToArray(), NpgsqlDbType.Text);
        AddArray(insert, stored.Select(s => s.Value).ToArray(), NpgsqlDbType.Double);
        AddArray(insert, points.Select(p => p.Timestamp).ToArray(), NpgsqlDbType.Bigint);
        AddArray(insert, points.Select(p => p.Step).ToArray(), NpgsqlDbType.Bigint);
        AddArray(insert, stored.Select(s => s.IsNan).ToArray(), NpgsqlDbType.Boolean);
        if (withModel)
        {
            AddArray(insert, points.Select(p => p.ModelId).ToArray(), NpgsqlDbType.Text);
            AddArray(insert, points.Select(p => p.DatasetName).ToArray(), NpgsqlDbType.Text);
            AddArray(insert, points.Select(p => p.DatasetDigest).ToArray(), NpgsqlDbType.Text);
        }
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(LatestPostgres(runId, points));
        return batch;
    }

    private const string LatestInsert = "INSERT INTO latest_metrics (run_uuid, \"key\", value, \"timestamp\", step, is_nan)";
    private const string LatestConflict = " ON CONFLICT (run_uuid, \"key\") DO UPDATE SET value = excluded.value, \"timestamp\" = excluded.\"timestamp\", "
        + "step = excluded.step, is_nan = excluded.is_nan WHERE " + LatestWins;

    /// <summary>One candidate per key: the batch's maximum by the (step, timestamp, value) rule.</summary>
    internal static Dictionary<string, (long Step, long Timestamp, StoredValue Value)> LatestPerKey(IReadOnlyList<MetricPoint> points)
    {
        var best = new Dictionary<string, (long Step, long Timestamp, StoredValue Value)>(StringComparer.Ordinal);
        foreach (var point in points)
        {
            var candidate = (point.Step, point.Timestamp, StoredValue.From(point.Value));
            if (!best.TryGetValue(point.Key, out var current) || IsLater(candidate, current))
                best[point.Key] = candidate;
        }
        return best;
    }

    private static NpgsqlBatchCommand LatestPostgres(string runId, IReadOnlyList<MetricPoint> points)
    {
        var best = LatestPerKey(points);
        var command = new NpgsqlBatchCommand(LatestInsert + " SELECT $1, k, v, t, s, n FROM unnest($2, $3, $4, $5, $6) AS x(k, v, t, s, n)" + LatestConflict);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        AddArray(command, best.Keys.ToArray(), NpgsqlDbType.Text);
        AddArray(command, best.Values.Select(b => b.Value.Value).ToArray(), NpgsqlDbType.Double);
        AddArray(command, best.Values.Select(b => b.Timestamp).ToArray(), NpgsqlDbType.Bigint);
        AddArray(command, best.Values.Select(b => b.Step).ToArray(), NpgsqlDbType.Bigint);
        AddArray(command, best.Values.Select(b => b.Value.IsNan).ToArray(), NpgsqlDbType.Boolean);
        return command;
    }

    private static async Task UpsertLatestSqliteAsync(DbConnection connection, DbTransaction? tx, string runId, IReadOnlyList<MetricPoint> points, CancellationToken ct)
    {
        await using var sqlite = Command(connection, tx, LatestInsert + " VALUES (@run, @k, @v, @t, @s, @n)" + LatestConflict);
        var p = Parameters(sqlite, "run", "k", "v", "t", "s", "n");
        p[0].Value = runId;
        foreach (var (key, (step, timestamp, value)) in LatestPerKey(points))
        {
            (p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) = (key, value.Value, timestamp, step, value.IsNan);
            await sqlite.ExecuteNonQueryAsync(ct);
        }
    }

    internal static bool IsLater((long Step, long Timestamp, StoredValue Value) a, (long Step, long Timestamp, StoredValue Value) b) =>
        a.Step != b.Step ? a.Step > b.Step : a.Timestamp != b.Timestamp ? a.Timestamp > b.Timestamp : a.Value.Value > b.Value.Value;

    private static async Task WriteKeyValuesAsync(DbConnection connection, DbTransaction tx, DatabaseProvider provider, string table, string runId,
        IReadOnlyList<KeyValue> rows, string conflict, CancellationToken ct)
    {
        if (rows.Count == 0)
            return;
        if (provider == DatabaseProvider.Postgres)
        {
            await using var command = Command(connection, tx, $"INSERT INTO {table} (run_uuid, \"key\", value) SELECT @run, k, v FROM unnest(@k, @v) AS x(k, v) {conflict}");
            Add(command, "run", runId);
            AddArray(command, "k", rows.Select(r => r.Key).ToArray(), NpgsqlDbType.Text);
            AddArray(command, "v", rows.Select(r => r.Value).ToArray(), NpgsqlDbType.Text);
            await command.ExecuteNonQueryAsync(ct);
            return;
        }
        await using var sqlite = Command(connection, tx, $"INSERT INTO {table} (run_uuid, \"key\", value) VALUES (@run, @k, @v) {conflict}");
        var p = Parameters(sqlite, "run", "k", "v");
        p[0].Value = runId;
        foreach (var row in rows)
        {
            (p[1].Value, p[2].Value) = (row.Key, row.Value ?? (object)DBNull.Value);
            await sqlite.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A command in <paramref name="tx"/>; the statement's double-quoted identifiers are adapted to the connection's database.</summary>
    internal static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = SqlDialect.Identifiers(ProviderOf(connection), sql);
        return command;
    }

    // Only MySQL differs in the identifier quoting the statements here use.
    private static DatabaseProvider ProviderOf(DbConnection connection) =>
        connection is MySql.Data.MySqlClient.MySqlConnection ? DatabaseProvider.MySql : DatabaseProvider.Postgres;

    private static DbParameter[] Parameters(DbCommand command, params string[] names) =>
        names.Select(n => Add(command, n, null)).ToArray();

    internal static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static void AddArray<T>(DbCommand command, string name, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | elementType) { Value = values });

    private static void AddArray<T>(NpgsqlBatchCommand command, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values });
}
