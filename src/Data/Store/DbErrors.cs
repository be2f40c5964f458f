using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Workspaces.Data.Store;

/// <summary>Classifies provider exceptions without leaking provider types into services.</summary>
public static class DbErrors
{
    /// <summary>True for unique, foreign-key, not-null and check violations on either provider.</summary>
    public static bool IsConstraintViolation(Exception ex)
    {
        var inner = ex is DbUpdateException { InnerException: { } i } ? i : ex;
        return inner switch
        {
            PostgresException pg => pg.SqlState.StartsWith("23", StringComparison.Ordinal),
            SqliteException sqlite => sqlite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
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
            _ => false,
        };
    }
}
