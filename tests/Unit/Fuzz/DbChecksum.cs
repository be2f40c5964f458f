using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Workspaces.Tests.Unit.Fuzz;

/// <summary>
/// A fingerprint of every table of the EF model — row count plus an order-free sum of row hashes — read in one
/// statement, so "a failed request changed nothing" is cheap to check after every failure. PostgreSQL hashes
/// each row's text with <c>hashtext</c>, MySQL with <c>CRC32</c>; SQLite gets a small FNV function registered on the connection.
/// </summary>
public sealed class DbChecksum : IAsyncDisposable
{
    /// <summary>Columns every authenticated request may write by design (a token's last use), whatever the answer.</summary>
    private static readonly HashSet<string> TouchedByAuthentication = new(StringComparer.OrdinalIgnoreCase) { "last_used_at", "LastUsedAt" };

    /// <summary>
    /// Tables that authentication itself writes whatever the answer: the sign-in throttle counts every failed credential
    /// (that is its job), and sessions are created and refreshed by sign-in.
    /// </summary>
    private static readonly HashSet<string> WrittenByAuthentication = new(StringComparer.OrdinalIgnoreCase) { "login_attempts", "user_sessions" };

    private readonly DbContext _db;
    private readonly DbConnection _connection;
    private readonly string _sql;

    private DbChecksum(DbContext db, DbConnection connection, string sql) => (_db, _connection, _sql) = (db, connection, sql);

    public static async Task<DbChecksum> OpenAsync(DbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var sqlite = connection is SqliteConnection;
        var mysql = connection is MySql.Data.MySqlClient.MySqlConnection;
        if (connection is SqliteConnection lite)
            lite.CreateFunction("fuzz_hash", (string text) => Fnv(text));
        var selects = new List<string>();
        foreach (var table in Tables(db.Model).Where(t => !WrittenByAuthentication.Contains(t.Name)))
        {
            string Quote(string identifier) => mysql ? "`" + identifier + "`" : DbChecksum.Quote(identifier);
            var name = Quote(table.Name);
            var from = table.Schema is null ? name : $"{Quote(table.Schema)}.{name}";
            var label = table.Name.Replace("'", "''", StringComparison.Ordinal);
            var columns = table.Columns.Where(c => !TouchedByAuthentication.Contains(c)).ToList();
            selects.Add(mysql
                ? $"SELECT '{label}', count(*), CAST(coalesce(sum(crc32(concat_ws('|', {string.Join(", ", columns.Select(c => $"quote({Quote(c)})"))}))), 0) AS CHAR) FROM {from}"
                : sqlite
                ? $"SELECT '{label}', count(*), CAST(coalesce(sum(fuzz_hash({string.Join(" || '|' || ", columns.Select(c => $"quote({Quote(c)})"))})), 0) AS TEXT) FROM {from}"
                : $"SELECT '{label}', count(*), coalesce(sum(hashtext(concat_ws('|', {string.Join(", ", columns.Select(c => $"quote_nullable({Quote(c)})"))}))::bigint), 0)::text FROM {from}");
        }
        return new DbChecksum(db, connection, string.Join("\nUNION ALL\n", selects));
    }

    /// <summary>Table name → "count:hash".</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = _sql;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            result[reader.GetString(0)] = $"{reader.GetValue(1)}:{reader.GetValue(2)}";
        return result;
    }

    /// <summary>The tables whose fingerprint differs.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k} ({before.GetValueOrDefault(k)} -> {after.GetValueOrDefault(k)})").ToList();

    public async ValueTask DisposeAsync()
    {
        await _db.Database.CloseConnectionAsync();
        await _db.DisposeAsync();
    }

    private sealed record Table(string Name, string? Schema, IReadOnlyList<string> Columns);

    private static IEnumerable<Table> Tables(IModel model) => model.GetEntityTypes()
        .Where(e => e.GetTableName() is not null && e.GetViewName() is null)
        .GroupBy(e => (e.GetTableName()!, e.GetSchema()))
        .Select(g =>
        {
            var id = StoreObjectIdentifier.Table(g.Key.Item1, g.Key.Item2);
            var columns = g.SelectMany(e => e.GetProperties()).Select(p => p.GetColumnName(id)).OfType<string>().Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
            return new Table(g.Key.Item1, g.Key.Item2, columns);
        })
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>32-bit FNV-1a over the UTF-16 code units: sums of millions of rows stay inside a long.</summary>
    private static long Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ (uint)(c & 0xFF)) * 16777619u;
            hash = (hash ^ (uint)(c >> 8)) * 16777619u;
        }
        return hash;
    }
}
