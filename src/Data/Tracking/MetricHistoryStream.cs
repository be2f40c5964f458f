using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;

namespace Workspaces.Data.Tracking;

/// <summary>
/// An open history read: points come straight off the data reader; <see cref="NextPageToken"/> is known
/// once they have all been read (one extra row tells whether another page exists). The statement runs
/// when the stream is opened, before the caller writes a byte of its response: a failing query then
/// still gets a clean error response, not one appended to a half-written body.
/// </summary>
public sealed class MetricHistoryStream : IAsyncDisposable
{
    private readonly TrackingDbContext _db;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly string _key;
    private readonly int? _limit;
    private readonly int _offset;

    private MetricHistoryStream(TrackingDbContext db, DbCommand command, DbDataReader reader, string key, int? limit, int offset)
    {
        (_db, _command, _reader, _key, _limit, _offset) = (db, command, reader, key, limit, offset);
    }

    public string? NextPageToken { get; private set; }

    internal static async Task<MetricHistoryStream> OpenAsync(TrackingDbContext db, string runId, string key, int? limit, int offset, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        // An offset needs a limit on SQLite and MySQL: a page token without max_results reads the rest.
        var readLimit = limit is { } l ? l + 1L : offset > 0 ? long.MaxValue : (long?)null;
        var connection = db.Database.GetDbConnection();
        var command = BatchWriter.Command(connection, null, InPrimaryKeyOrder(connection)
            + "SELECT value, is_nan, \"timestamp\", step, model_id, dataset_name, dataset_digest FROM metrics "
            + "WHERE run_uuid = @run AND \"key\" = @key ORDER BY step, \"timestamp\", value"
            + (readLimit is null ? "" : " LIMIT @limit") + (offset > 0 ? " OFFSET @offset" : ""));
        BatchWriter.Add(command, "run", runId);
        BatchWriter.Add(command, "key", key);
        if (readLimit is not null)
            BatchWriter.Add(command, "limit", readLimit.Value);
        if (offset > 0)
            BatchWriter.Add(command, "offset", offset);
        try
        {
            var reader = await command.ExecuteReaderAsync(ct);
            return new MetricHistoryStream(db, command, reader, key, limit, offset);
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// On PostgreSQL, a prefix that makes the planner read the primary key in order instead of sorting. It misjudges one
    /// run's share of one key (it multiplies the run's and the key's frequencies) and then prefers a bitmap scan plus a
    /// sort, which for a 100,000-point history spilled to disk and took twice as long (40 ms against 21 ms), and delays
    /// the first row until the last is read. <c>SET LOCAL</c> ends with the statements' own implicit transaction, so no
    /// setting outlives the read, also behind a transaction-pooling proxy.
    /// </summary>
    internal static string InPrimaryKeyOrder(DbConnection connection) => connection is Npgsql.NpgsqlConnection ? "SET LOCAL enable_sort = off;\n" : "";

    public async IAsyncEnumerable<MetricDto> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var reader = _reader;
        var count = 0;
        while (await reader.ReadAsync(ct))
        {
            if (count == _limit)
            {
                NextPageToken = PageToken.Create(_offset + count);
                yield break;
            }
            count++;
            var stored = new StoredValue(reader.GetDouble(0), reader.GetBoolean(1));
            yield return new MetricDto(_key, stored.ToDouble(), reader.GetInt64(2), reader.GetInt64(3), null,
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _command.DisposeAsync();
        await _db.DisposeAsync();
    }
}
