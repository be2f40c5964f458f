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
            command.CommandText = PlannerSettings(sql) + SqlDialect.Identifiers(sql.Provider, text);
            sql.Bind(command);
            StoredTextCommandGuard.Check(command); // raw commands bypass EF's interceptors
            if (timeout <= TimeSpan.Zero)
                await budget.CancelAsync(); // no budget at all (a test setting): every search is stopped
            else
                budget.CancelAfter(timeout);
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
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Above many terms PostgreSQL must plan the joins in the written order. <c>SET LOCAL</c> in the same command: Npgsql
    /// sends the statements as one batch, which PostgreSQL runs as one implicit transaction, so the setting lives exactly
    /// as long as the search — nothing is left on a pooled connection, and behind PgBouncer's transaction pooling it
    /// reaches the server connection that runs the query (a session-level SET could land on another client's).
    /// </summary>
    internal static string PlannerSettings(SqlText sql) =>
        sql.KeepJoinOrder && sql.Provider == DatabaseProvider.Postgres ? SearchLimits.KeepJoinOrderSettings : "";
}
