using System.Diagnostics;
using System.Globalization;
using System.Text;
using MySql.Data.MySqlClient;

namespace Workspaces.Bench;

/// <summary>
/// What MySQL itself allows for the metric rows of a log-batch, measured beside the server on the same database:
/// 1,000-row batches written by one client straight to a copy of the <c>metrics</c> table (same columns and key, no
/// foreign key, no latest-metric upsert), once as the multi-row <c>INSERT IGNORE</c> the server sends and once as
/// <c>LOAD DATA LOCAL INFILE</c> (MySQL's bulk path, COPY's counterpart).
/// </summary>
internal static class MySqlLimits
{
    private const int BatchRows = 1000;

    public static async Task<List<string>> RunAsync(string storeUri, int seconds)
    {
        var builder = new MySqlConnectionStringBuilder(ConnectionString(storeUri)) { AllowLoadLocalInfile = true, AllowBatch = true };
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE bench_metrics (run_uuid varchar(32) NOT NULL, `key` varchar(250) NOT NULL, value double NOT NULL, "
            + "`timestamp` bigint NOT NULL, step bigint NOT NULL, is_nan tinyint(1) NOT NULL, model_id varchar(64) NULL, dataset_name varchar(500) NULL, "
            + "dataset_digest varchar(36) NULL, PRIMARY KEY (run_uuid, `key`, step, `timestamp`, value, is_nan))");
        var insert = await RateAsync(seconds, batch => InsertAsync(connection, batch));
        await ExecuteAsync(connection, "TRUNCATE TABLE bench_metrics");
        var literal = await RateAsync(seconds, batch => InsertLiteralAsync(connection, batch));
        await ExecuteAsync(connection, "TRUNCATE TABLE bench_metrics");
        var load = await RateAsync(seconds, batch => LoadAsync(connection, batch));
        await ExecuteAsync(connection, "DROP TABLE bench_metrics");
        return
        [
            $"| mysql | physical limit, 1 client: multi-row INSERT IGNORE of 1,000 rows straight to the table | {insert:N0} rows/s |",
            $"| mysql | physical limit, 1 client: the same with literal values (hex strings) instead of parameters | {literal:N0} rows/s |",
            $"| mysql | physical limit, 1 client: LOAD DATA LOCAL INFILE of 1,000 rows | {load:N0} rows/s |",
        ];
    }

    private static async Task<double> RateAsync(int seconds, Func<long, Task> write)
    {
        for (var b = 0L; b < 5; b++)
            await write(-b - 1); // warm-up batches, negative steps
        var watch = Stopwatch.StartNew();
        var batches = 0L;
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
            await write(batches++);
        return batches * BatchRows / watch.Elapsed.TotalSeconds;
    }

    private static async Task InsertAsync(MySqlConnection connection, long batch)
    {
        await using var command = connection.CreateCommand();
        var text = new StringBuilder("INSERT IGNORE INTO bench_metrics (run_uuid, `key`, value, `timestamp`, step, is_nan) VALUES ");
        command.Parameters.AddWithValue("@run", "0123456789abcdef0123456789abcdef");
        for (var i = 0; i < BatchRows; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@run, @k{i}, @v{i}, @t{i}, @s{i}, 0)");
            command.Parameters.AddWithValue($"@k{i}", "loss");
            command.Parameters.AddWithValue($"@v{i}", i * 0.5);
            command.Parameters.AddWithValue($"@t{i}", 1_700_000_000_000 + i);
            command.Parameters.AddWithValue($"@s{i}", batch * BatchRows + i);
        }
        command.CommandText = text.ToString();
        await command.ExecuteNonQueryAsync();
    }

    private static async Task InsertLiteralAsync(MySqlConnection connection, long batch)
    {
        await using var command = connection.CreateCommand();
        var text = new StringBuilder("INSERT IGNORE INTO bench_metrics (run_uuid, `key`, value, `timestamp`, step, is_nan) VALUES ");
        var run = Convert.ToHexString(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef"));
        var key = Convert.ToHexString(Encoding.UTF8.GetBytes("loss"));
        for (var i = 0; i < BatchRows; i++)
            text.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(X'{run}', X'{key}', {i * 0.5:E16}, {1_700_000_000_000 + i}, {batch * BatchRows + i}, 0)");
        command.CommandText = text.ToString();
        await command.ExecuteNonQueryAsync();
    }

    private static async Task LoadAsync(MySqlConnection connection, long batch)
    {
        var rows = new StringBuilder();
        for (var i = 0; i < BatchRows; i++)
            rows.Append(CultureInfo.InvariantCulture, $"0123456789abcdef0123456789abcdef\tloss\t{i * 0.5}\t{1_700_000_000_000 + i}\t{batch * BatchRows + i}\t0\n");
        // Connector/NET loads LOCAL data from a file only: the batch goes through a temporary file, as a server would.
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, rows.ToString());
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = "bench_metrics", Local = true, FieldTerminator = "\t", LineTerminator = "\n", ConflictOption = MySqlBulkLoaderConflictOption.Ignore,
            FileName = file,
        };
        loader.Columns.AddRange(["run_uuid", "`key`", "value", "`timestamp`", "step", "is_nan"]);
        await loader.LoadAsync();
        File.Delete(file);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A store URI (mysql://user:pass@host:port/db) as a Connector/NET connection string.</summary>
    public static string ConnectionString(string storeUri)
    {
        var uri = new Uri(storeUri);
        var user = uri.UserInfo.Split(':', 2);
        return new MySqlConnectionStringBuilder
        {
            Server = uri.Host, Port = uri.Port > 0 ? (uint)uri.Port : 3306, Database = uri.AbsolutePath.Trim('/'),
            UserID = Uri.UnescapeDataString(user[0]), Password = user.Length == 2 ? Uri.UnescapeDataString(user[1]) : "",
        }.ConnectionString;
    }
}
