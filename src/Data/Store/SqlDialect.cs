namespace Workspaces.Data.Store;

/// <summary>
/// The few places where hand-written SQL differs between the databases. Statements are written once in the
/// PostgreSQL/SQLite form (double-quoted identifiers, <c>ON CONFLICT</c>) and adapted here for MySQL.
/// </summary>
public static class SqlDialect
{
    /// <summary>
    /// The statement with its double-quoted identifiers in MySQL's backticks. Safe because hand-written SQL here
    /// never carries a double quote inside a literal: every value is a parameter and identifiers are fixed strings.
    /// </summary>
    public static string Identifiers(DatabaseProvider provider, string sql) =>
        provider == DatabaseProvider.MySql ? sql.Replace('"', '`') : sql;

    /// <summary><c>INSERT INTO <paramref name="rest"/></c> that skips a row whose key already exists.</summary>
    public static string InsertOrIgnore(DatabaseProvider provider, string rest) => provider == DatabaseProvider.MySql
        ? "INSERT IGNORE INTO " + Identifiers(provider, rest)
        : $"INSERT INTO {rest} ON CONFLICT DO NOTHING";
}
