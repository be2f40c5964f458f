using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySql.Data.MySqlClient;
using Npgsql;

namespace Workspaces.Data.Store;

/// <summary>Classifies provider exceptions without leaking provider types into services.</summary>
public static class DbErrors
{
    /// <summary>True for unique, foreign-key, not-null and check violations on any provider.</summary>
    public static bool IsConstraintViolation(Exception ex)
    {
        var inner = ex is DbUpdateException { InnerException: { } i } ? i : ex;
        return inner switch
        {
            PostgresException pg => pg.SqlState.StartsWith("23", StringComparison.Ordinal),
            SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
            // ER_DUP_ENTRY, ER_BAD_NULL_ERROR, the foreign-key errors, and MySQL's / MariaDB's check-constraint errors.
            MySqlException mysql => mysql.Number is 1062 or 1048 or 1216 or 1217 or 1451 or 1452 or 3819 or 4025,
            _ => false,
        };
    }

    /// <summary>True when a foreign key was violated (e.g. a row naming a workspace deleted concurrently).</summary>
    public static bool IsForeignKeyViolation(Exception ex)
    {
        var inner = ex is DbUpdateException { InnerException: { } i } ? i : ex;
        return inner switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.ForeignKeyViolation,
            SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode == 787, // SQLITE_CONSTRAINT_FOREIGNKEY
            // ER_NO_REFERENCED_ROW(_2), ER_ROW_IS_REFERENCED(_2)
            MySqlException mysql => mysql.Number is 1216 or 1217 or 1451 or 1452,
            _ => false,
        };
    }

    /// <summary>
    /// True when the database gave up on a statement because of other transactions, not because of what was asked: a
    /// deadlock victim or a serialization failure (PostgreSQL 40P01 / 40001), InnoDB's deadlock or lock-wait timeout
    /// (1213 / 1205), SQLite's busy or locked database. The transaction was rolled back, nothing was written, and the same
    /// request sent again normally succeeds.
    /// </summary>
    public static bool IsTransientConflict(Exception ex)
    {
        var inner = ex is DbUpdateException { InnerException: { } i } ? i : ex;
        return inner switch
        {
            PostgresException pg => pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
            SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
            MySqlException mysql => mysql.Number is 1213 or 1205,
            _ => false,
        };
    }
}
