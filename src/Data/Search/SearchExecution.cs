using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Errors;

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

    /// <summary>Runs a query that returns one string or integer column, on the context's connection.</summary>
    public static Task<List<T>> ColumnAsync<T>(TrackingDbContext db, SqlText sql, string text, CancellationToken ct) =>
        RowsAsync(db, sql, text, r => r.GetFieldValue<T>(0), ct);

    /// <summary>Runs a query and maps each row, on the context's connection.</summary>
    public static async Task<List<T>> RowsAsync<T>(TrackingDbContext db, SqlText sql, string text, Func<System.Data.Common.DbDataReader, T> read, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = text;
            sql.Bind(command);
            StoredTextCommandGuard.Check(command); // raw commands bypass EF's interceptors
            var values = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                values.Add(read(reader));
            return values;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
