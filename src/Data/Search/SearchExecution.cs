using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;

namespace Workspaces.Data.Search;

internal static class SearchExecution
{
    public const int MaxResultsThreshold = 50000;
    public const int DefaultMaxResults = 1000;

    /// <summary>MLflow's max_results rule (omitted means the default, SPEC §2).</summary>
    public static Result<int> MaxResults(long? requested, int threshold = MaxResultsThreshold, int fallback = DefaultMaxResults)
    {
        if (requested is null)
            return fallback;
        if (requested < 1)
            return Error.InvalidParameter($"Invalid value {requested} for parameter 'max_results' supplied. It must be a positive integer");
        if (requested > threshold)
            return Error.InvalidParameter($"Invalid value {requested} for parameter 'max_results' supplied. It must be at most {threshold}");
        return (int)requested.Value;
    }

    /// <summary>Runs a query that returns one string or integer column, on the context's connection, within <paramref name="timeout"/>.</summary>
    public static Task<Result<List<T>>> ColumnAsync<T>(TrackingDbContext db, SqlText sql, string text, TimeSpan timeout, CancellationToken ct) =>
        RowsAsync(db, sql, text, r => r.GetFieldValue<T>(0), timeout, ct);

    /// <summary>
    /// Runs a query and maps each row, on the context's connection. A statement still running after
    /// <paramref name="timeout"/> is cancelled (PostgreSQL) or interrupted (SQLite, which ignores the token while a
    /// statement runs) and answered with a 400: a slow search is the request's cost, never a 500 or a held connection.
    /// </summary>
    public static async Task<Result<List<T>>> RowsAsync<T>(TrackingDbContext db, SqlText sql, string text, Func<DbDataReader, T> read, TimeSpan timeout,
        CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.CommandText = SqlDialect.Identifiers(sql.Provider, text);
            sql.Bind(command);
            StoredTextCommandGuard.Check(command); // raw commands bypass EF's interceptors
            if (timeout <= TimeSpan.Zero)
                await budget.CancelAsync(); // no budget at all (a test setting): every search is stopped
            else
                budget.CancelAfter(timeout);
            if (sql.KeepJoinOrder && sql.Provider == DatabaseProvider.Postgres)
                await KeepJoinOrderAsync(connection, budget.Token);
            await using var interrupt = connection is SqliteConnection sqlite
                ? budget.Token.Register(() => SQLitePCL.raw.sqlite3_interrupt(sqlite.Handle))
                : default;
            var values = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(budget.Token);
            while (await reader.ReadAsync(budget.Token))
                values.Add(read(reader));
            return values;
        }
        catch (Exception ex) when (ex is OperationCanceledException or DbException && budget.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return SearchLimits.TooSlow(timeout);
        }
        finally
        {
            if (sql.KeepJoinOrder && sql.Provider == DatabaseProvider.Postgres)
                await ResetAsync(db.Database.GetDbConnection());
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task KeepJoinOrderAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SET join_collapse_limit = 1; SET from_collapse_limit = 1";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Back to the server's defaults before the connection returns to the pool (Npgsql also discards session state then).</summary>
    private static async Task ResetAsync(DbConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
            return;
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "RESET join_collapse_limit; RESET from_collapse_limit";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            // A broken connection is not returned to the pool as it is.
        }
    }
}
