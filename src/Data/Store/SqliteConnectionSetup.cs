using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Workspaces.Data.Store;

/// <summary>
/// Per-connection SQLite settings: LIKE is case-sensitive, as on PostgreSQL and in MLflow (which sets
/// the same pragma on every SQLite session); a writer waiting for the lock sleeps in SQLite's own busy
/// handler (short, growing waits) instead of Microsoft.Data.Sqlite's coarse retry loop.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA case_sensitive_like = true; PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
