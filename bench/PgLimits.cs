using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Workspaces.Bench;

/// <summary>
/// What PostgreSQL itself allows for the metric rows of a log-batch, measured after the server on the same database
/// (issue 18 §4): binary COPY (Npgsql's <c>BeginBinaryImport</c>) of 1,000,000 rows in one statement, the reference the
/// server's rates are compared with, and of 1,000-row batches from one client, into an empty copy of the <c>metrics</c>
/// table (same columns and primary key, no foreign key). The rows are the ones the bench's clients send. Then the
/// statements of a log-batch from one client without HTTP, with and without the foreign key to runs, which splits the
/// server's cost into the database's and its own (the latest-value table keeps its foreign key, as in the server).
/// </summary>
internal static class PgLimits
{
    private const int BatchRows = 1000;
    private const string Run = "0123456789abcdef0123456789abcdef";
    private const string Columns = "run_uuid, \"key\", value, \"timestamp\", step, is_nan";

    /// <summary>The measurements; <see cref="Copy"/> is the 1,000,000-row COPY every ratio is taken against.</summary>
    public sealed record Limits(double Copy, List<string> Rows);

    public static async Task<Limits> RunAsync(string storeUri, int seconds)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(storeUri));
        await connection.OpenAsync();
        // A bench stopped half way (kept database) left these behind: start clean.
        await ExecuteAsync(connection, "DROP TABLE IF EXISTS bench_metrics, bench_latest, bench_runs; CREATE TABLE bench_runs (run_uuid varchar(32) PRIMARY KEY); "
            + $"INSERT INTO bench_runs VALUES ('{Run}'); "
            + "CREATE TABLE bench_metrics (LIKE metrics INCLUDING DEFAULTS INCLUDING INDEXES); "
            + "CREATE TABLE bench_latest (LIKE latest_metrics INCLUDING DEFAULTS INCLUDING INDEXES); "
            + "ALTER TABLE bench_latest ADD FOREIGN KEY (run_uuid) REFERENCES bench_runs ON DELETE CASCADE");
        var rows = new List<string>();
        await CheckpointAsync(connection);
        var copy = await CopyMillionAsync(connection);
        rows.Add($"| postgres | physical limit: binary COPY of 1,000,000 rows in one statement (the reference) | {copy:N0} rows/s |");
        const string Statements = "1 client, no HTTP, 1,000-row batches";
        var variants = new (string Name, bool ForeignKey, Func<long, Task> Write)[]
        {
            ("physical limit, 1 client: binary COPY of 1,000-row batches", false, row => CopyBatchAsync(connection, row)),
            ($"{Statements}: INSERT … unnest ON CONFLICT DO NOTHING + latest upsert, foreign key to runs (the server before issue 18 §4)", true,
                row => UnnestAsync(connection, row, "ON CONFLICT DO NOTHING", lockRun: false)),
            ($"{Statements}: the same without the foreign key", false, row => UnnestAsync(connection, row, "ON CONFLICT DO NOTHING", lockRun: false)),
            ($"{Statements}: plain INSERT … unnest + latest upsert, foreign key to runs", true, row => UnnestAsync(connection, row, "", lockRun: false)),
            ($"{Statements}: run FOR KEY SHARE + plain INSERT … unnest + latest upsert, no foreign key (the server after)", false,
                row => UnnestAsync(connection, row, "", lockRun: true)),
            ($"{Statements}: run FOR KEY SHARE + binary COPY + latest upsert in one transaction, no foreign key", false, row => CopyThenLatestAsync(connection, row)),
        };
        foreach (var (name, foreignKey, write) in variants)
        {
            await ResetAsync(connection, foreignKey);
            rows.Add($"| postgres | {name} | {await RateAsync(seconds, write):N0} rows/s |");
        }
        await ExecuteAsync(connection, "DROP TABLE bench_metrics, bench_latest, bench_runs");
        return new Limits(copy, rows);
    }

    /// <summary>
    /// The server's writes are flushed first, so the reference does not pay for them (it would, in a checkpoint during
    /// the COPY); that makes the reference the higher one. Needs a superuser or pg_checkpoint; without, it is skipped.
    /// </summary>
    private static async Task CheckpointAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "CHECKPOINT");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("  (no CHECKPOINT before the COPY: not permitted)");
        }
    }

    private static async Task ResetAsync(NpgsqlConnection connection, bool foreignKey)
    {
        await ExecuteAsync(connection, "TRUNCATE bench_metrics, bench_latest; ALTER TABLE bench_metrics DROP CONSTRAINT IF EXISTS bench_fk"
            + (foreignKey ? "; ALTER TABLE bench_metrics ADD CONSTRAINT bench_fk FOREIGN KEY (run_uuid) REFERENCES bench_runs ON DELETE CASCADE" : ""));
        await ExecuteAsync(connection, "VACUUM ANALYZE bench_metrics");
    }

    private static async Task<double> CopyMillionAsync(NpgsqlConnection connection)
    {
        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY bench_metrics ({Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var row = 0L; row < 1_000_000; row++)
                WriteRow(writer, row);
            await writer.CompleteAsync();
        }
        return 1_000_000 / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The <paramref name="row"/>-th point the bench's log-batch client sends to its run: 50 batches of steps
    /// 0–49,999, then the same steps again with later timestamps, so after the first cycle rows land inside the
    /// primary key's range, not at its end.
    /// </summary>
    private static void WriteRow(NpgsqlBinaryImporter writer, long row)
    {
        var (step, timestamp) = Point(row);
        writer.StartRow();
        writer.Write(Run, NpgsqlDbType.Varchar);
        writer.Write("loss", NpgsqlDbType.Varchar);
        writer.Write(Random.Shared.NextDouble(), NpgsqlDbType.Double);
        writer.Write(timestamp, NpgsqlDbType.Bigint);
        writer.Write(step, NpgsqlDbType.Bigint);
        writer.Write(false, NpgsqlDbType.Boolean);
    }

    private static (long Step, long Timestamp) Point(long row)
    {
        var cycle = Math.DivRem(row, 50 * BatchRows, out var step);
        return (step, 1_700_000_000_000 + (cycle * 1_000_000_000_000) + step);
    }

    private static async Task<double> RateAsync(int seconds, Func<long, Task> write)
    {
        for (var b = 0L; b < 5; b++)
            await write((-b - 1) * BatchRows); // warm-up batches, negative steps and timestamps
        var watch = Stopwatch.StartNew();
        var batches = 0L;
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
            await write(batches++ * BatchRows);
        return batches * BatchRows / watch.Elapsed.TotalSeconds;
    }

    private static async Task CopyBatchAsync(NpgsqlConnection connection, long firstRow)
    {
        await using var writer = await connection.BeginBinaryImportAsync($"COPY bench_metrics ({Columns}) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < BatchRows; i++)
            WriteRow(writer, firstRow + i);
        await writer.CompleteAsync();
    }

    private static async Task CopyThenLatestAsync(NpgsqlConnection connection, long firstRow)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using (var check = new NpgsqlCommand(LockRun, connection, tx))
            await check.ExecuteScalarAsync();
        await CopyBatchAsync(connection, firstRow);
        await using var batch = new NpgsqlBatch(connection, tx);
        batch.BatchCommands.Add(Latest(firstRow));
        await batch.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    private const string LockRun = $"SELECT 1 FROM bench_runs WHERE run_uuid = '{Run}' FOR KEY SHARE";

    /// <summary>The statements of a log-batch, in one round trip (before issue 18 §4: ON CONFLICT, no lock, the foreign key).</summary>
    private static async Task UnnestAsync(NpgsqlConnection connection, long firstRow, string conflict, bool lockRun)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (lockRun)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(LockRun));
        var insert = new NpgsqlBatchCommand($"INSERT INTO bench_metrics ({Columns}) SELECT $1, k, v, t, s, n FROM unnest($2, $3, $4, $5, $6) AS x(k, v, t, s, n) "
            + conflict);
        insert.Parameters.Add(new NpgsqlParameter { Value = Run });
        Array(insert, Enumerable.Repeat("loss", BatchRows).ToArray(), NpgsqlDbType.Text);
        Array(insert, Enumerable.Range(0, BatchRows).Select(_ => Random.Shared.NextDouble()).ToArray(), NpgsqlDbType.Double);
        var points = Enumerable.Range(0, BatchRows).Select(i => Point(firstRow + i)).ToArray();
        Array(insert, points.Select(p => p.Timestamp).ToArray(), NpgsqlDbType.Bigint);
        Array(insert, points.Select(p => p.Step).ToArray(), NpgsqlDbType.Bigint);
        Array(insert, new bool[BatchRows], NpgsqlDbType.Boolean);
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(Latest(firstRow));
        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand Latest(long firstRow)
    {
        var latest = new NpgsqlBatchCommand($"INSERT INTO bench_latest ({Columns}) VALUES ($1, 'loss', $2, $3, $4, false) ON CONFLICT (run_uuid, \"key\") "
            + "DO UPDATE SET value = excluded.value, \"timestamp\" = excluded.\"timestamp\", step = excluded.step, is_nan = excluded.is_nan "
            + "WHERE excluded.step > bench_latest.step");
        latest.Parameters.Add(new NpgsqlParameter { Value = Run });
        latest.Parameters.Add(new NpgsqlParameter { Value = 0.5 });
        var (step, timestamp) = Point(firstRow + BatchRows - 1);
        latest.Parameters.Add(new NpgsqlParameter { Value = timestamp });
        latest.Parameters.Add(new NpgsqlParameter { Value = step });
        return latest;
    }

    private static void Array<T>(NpgsqlBatchCommand command, T[] values, NpgsqlDbType elementType) =>
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | elementType, Value = values });

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A store URI (postgresql://user[:pass]@host:port/db) as an Npgsql connection string.</summary>
    public static string ConnectionString(string storeUri)
    {
        var uri = new Uri(storeUri);
        var user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432, Database = uri.AbsolutePath.Trim('/'),
            Username = Uri.UnescapeDataString(user[0]), Password = user.Length == 2 ? Uri.UnescapeDataString(user[1]) : null,
        }.ConnectionString;
    }
}
