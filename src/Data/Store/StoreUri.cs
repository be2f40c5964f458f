using Microsoft.Data.Sqlite;
using Npgsql;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Store;

/// <summary>
/// Turns MLflow-style backend store URIs (<c>sqlite:///rel.db</c>, <c>sqlite:////abs.db</c>,
/// <c>postgresql[+driver]://user:pass@host:port/db?sslmode=…</c>, <c>mysql[+driver]://user:pass@host:port/db?charset=…</c>)
/// into provider connections.
/// </summary>
public static class StoreUri
{
    private const string SqlitePrefix = "sqlite://";
    private const string Supported = "sqlite:///<file>, postgresql://user:pass@host:port/db, mysql://user:pass@host:port/db";

    // libpq query parameters we translate; anything else is refused rather than silently dropped
    // (dropping sslmode would quietly downgrade security).
    private static readonly Dictionary<string, string> PostgresParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["host"] = "Host",
        ["port"] = "Port",
        ["user"] = "Username",
        ["password"] = "Password",
        ["dbname"] = "Database",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    /// <summary>Parses a store URI. <paramref name="workspacesEnabled"/> only changes the message for file stores.</summary>
    public static Result<StoreLocation> Parse(string? uri, bool workspacesEnabled, string? baseDirectory = null)
    {
        if (string.IsNullOrWhiteSpace(uri))
            return Error.InvalidParameter($"The backend store URI is empty; use one of {Supported}.");
        uri = uri.Trim();
        var colon = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = colon > 0 ? uri[..colon].ToLowerInvariant() : "";
        if (scheme == "sqlite")
            return ParseSqlite(uri, baseDirectory ?? Environment.CurrentDirectory);
        if (scheme == "postgresql" || scheme.StartsWith("postgresql+", StringComparison.Ordinal))
            return ParsePostgres(uri);
        if (scheme == "mysql" || scheme.StartsWith("mysql+", StringComparison.Ordinal))
            return MySqlStoreUri.Parse(uri);
        if (scheme == "mssql" || scheme.StartsWith("mssql+", StringComparison.Ordinal))
            return Error.InvalidParameter($"SQL Server ('{scheme}') is not supported yet: no SQL Server can be run in CI to test it. Supported: {Supported}.");
        if (scheme is "" or "file")
        {
            return Error.InvalidParameter(workspacesEnabled
                ? $"Workspaces need a SQL backend store, but '{uri}' is a file store. Use one of {Supported}, or start with --disable-workspaces."
                : $"File stores are not supported ('{uri}'). Use one of {Supported}.");
        }
        return Error.InvalidParameter(
            $"Unsupported backend store URI scheme '{scheme}'. Supported: {Supported}.");
    }

    private static Result<StoreLocation> ParseSqlite(string uri, string baseDirectory)
    {
        var rest = uri[SqlitePrefix.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
            rest = rest[..query];
        // sqlite:///rel.db -> "/rel.db" after the authority; sqlite:////abs.db -> "//abs.db".
        if (!rest.StartsWith('/') || rest.Length < 2)
            return Error.InvalidParameter($"Invalid SQLite store URI '{uri}'. Use sqlite:///relative.db or sqlite:////absolute/path.db.");
        var path = Uri.UnescapeDataString(rest[1..]);
        if (path is ":memory:" || path.Length == 0)
            return Error.InvalidParameter($"In-memory SQLite stores are not supported ('{uri}'); give a file path.");
        var full = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new StoreLocation(DatabaseProvider.Sqlite, builder.ToString(), $"sqlite:///{full}");
    }

    private static Result<StoreLocation> ParsePostgres(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
            return Error.InvalidParameter($"Invalid PostgreSQL store URI '{Redact(uri)}'.");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = string.IsNullOrEmpty(parsed.Host) ? "localhost" : parsed.Host.Trim('[', ']'),
            Port = parsed.IsDefaultPort || parsed.Port <= 0 ? 5432 : parsed.Port,
        };
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
            builder.Database = database;
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "";
            if (!PostgresParameters.TryGetValue(key, out var npgsqlKey))
                return Error.InvalidParameter($"Unsupported PostgreSQL store URI parameter '{key}'. Supported: {string.Join(", ", PostgresParameters.Keys)}.");
            try
            {
                builder[npgsqlKey] = value;
            }
            catch (ArgumentException ex)
            {
                return Error.InvalidParameter($"Invalid value for PostgreSQL store URI parameter '{key}': {ex.Message}");
            }
        }
        builder.Database ??= builder.Username ?? "postgres";
        return new StoreLocation(DatabaseProvider.Postgres, builder.ConnectionString, Redact(uri));
    }

    /// <summary>The URI with any password replaced by <c>***</c>, safe for logs and error messages.</summary>
    public static string Redact(string uri)
    {
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var at = uri.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
            return uri;
        var userInfo = uri[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? uri : string.Concat(uri.AsSpan(0, scheme + 3), userInfo.AsSpan(0, colon), ":***", uri.AsSpan(at));
    }
}
