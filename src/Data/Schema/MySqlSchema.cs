using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Workspaces.Data.Schema;

/// <summary>
/// MySQL-only schema preparation. MLflow compares names case-sensitively and exactly ("run" and "Run ", differing by
/// case or a trailing space, are two experiments), but a MySQL database created with the server's defaults compares
/// case-insensitively (<c>utf8mb4_general_ci</c>) and pads trailing spaces. Before any table is created the database's
/// default becomes utf8mb4 with a binary, pad-free collation, so every table and column the migrations create
/// inherits it: MariaDB's <c>utf8mb4_nopad_bin</c>, MySQL 8's <c>utf8mb4_0900_bin</c>.
/// </summary>
internal static class MySqlSchema
{
    public static async Task PrepareAsync(TrackingDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
            await creator.CreateAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var (version, collation) = await ReadAsync(connection, ct);
            var wanted = CollationFor(version);
            if (string.Equals(collation, wanted, StringComparison.OrdinalIgnoreCase))
                return;
            await using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER DATABASE `{connection.Database.Replace("`", "``", StringComparison.Ordinal)}` CHARACTER SET utf8mb4 COLLATE {wanted}";
            await alter.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The binary, pad-free utf8mb4 collation of the server: <paramref name="version"/> is <c>@@version</c>.</summary>
    public static string CollationFor(string version) =>
        version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? "utf8mb4_nopad_bin"
        : Version.TryParse(version.Split('-', 2)[0], out var v) && v.Major >= 8 ? "utf8mb4_0900_bin"
        : "utf8mb4_bin";

    private static async Task<(string Version, string? Collation)> ReadAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT @@version, (SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE())";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
