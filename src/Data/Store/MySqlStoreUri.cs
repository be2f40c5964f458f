using MySql.Data.MySqlClient;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Store;

/// <summary>
/// MLflow's MySQL store URIs (<c>mysql://</c>, <c>mysql+pymysql://</c>, <c>mysql+mysqldb://</c>) as MySQL Connector/NET
/// connections. Query parameters of PyMySQL and mysqlclient are translated where Connector/NET has the same setting;
/// any other is refused, because silently dropping one (an <c>ssl_*</c> option above all) would quietly weaken the
/// connection.
/// </summary>
internal static class MySqlStoreUri
{
    /// <summary>Parameter → how it sets the builder; null when the value is not one the setting understands.</summary>
    private static readonly Dictionary<string, Func<MySqlConnectionStringBuilder, string, string?>> Parameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["charset"] = (b, v) => v.Equals("utf8mb4", StringComparison.OrdinalIgnoreCase)
            ? null
            : "only utf8mb4 is supported (MLflow's names and values are full Unicode)",
        ["ssl_ca"] = (b, v) => Set(() => b.SslCa = v),
        ["ssl_cert"] = (b, v) => Set(() => b.SslCert = v),
        ["ssl_key"] = (b, v) => Set(() => b.SslKey = v),
        ["ssl_mode"] = (b, v) => SslMode(b, v),
        ["ssl_disabled"] = (b, v) => Flag(v, on => { if (on) b.SslMode = MySqlSslMode.Disabled; }),
        ["ssl_verify_cert"] = (b, v) => Flag(v, on => { if (on && b.SslMode < MySqlSslMode.VerifyCA) b.SslMode = MySqlSslMode.VerifyCA; }),
        ["ssl_verify_identity"] = (b, v) => Flag(v, on => { if (on) b.SslMode = MySqlSslMode.VerifyFull; }),
        ["connect_timeout"] = (b, v) => uint.TryParse(v, out var seconds) && seconds > 0 ? Set(() => b.ConnectionTimeout = seconds) : "a positive number of seconds",
        ["unix_socket"] = (b, v) => Set(() => { b.Server = v; b.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket; }),
    };

    public static Result<StoreLocation> Parse(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
            return Error.InvalidParameter($"Invalid MySQL store URI '{StoreUri.Redact(uri)}'.");
        var builder = new MySqlConnectionStringBuilder
        {
            Server = string.IsNullOrEmpty(parsed.Host) ? "localhost" : parsed.Host.Trim('[', ']'),
            Port = parsed.IsDefaultPort || parsed.Port <= 0 ? 3306u : (uint)parsed.Port,
            CharacterSet = "utf8mb4",
            Pooling = true,
            // Hot paths send one multi-row INSERT per batch; the server's default packet limit is the bound, not ours.
            AllowBatch = true,
        };
        if (parsed.UserInfo.Length > 0)
        {
            var parts = parsed.UserInfo.Split(':', 2);
            builder.UserID = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        var database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
            return Error.InvalidParameter($"The MySQL store URI '{StoreUri.Redact(uri)}' names no database; use mysql://user:pass@host:port/<database>.");
        builder.Database = database;
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "";
            if (!Parameters.TryGetValue(key, out var apply))
                return Error.InvalidParameter($"Unsupported MySQL store URI parameter '{key}'. Supported: {string.Join(", ", Parameters.Keys)}.");
            if (apply(builder, value) is { } problem)
                return Error.InvalidParameter($"Invalid value '{value}' for MySQL store URI parameter '{key}': {problem}.");
        }
        return new StoreLocation(DatabaseProvider.MySql, builder.ConnectionString, StoreUri.Redact(uri));
    }

    private static string? Set(Action apply)
    {
        try
        {
            apply();
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    private static string? Flag(string value, Action<bool> apply)
    {
        if (value.ToLowerInvariant() is not ("true" or "false" or "1" or "0" or "yes" or "no"))
            return "true or false";
        apply(value.ToLowerInvariant() is "true" or "1" or "yes");
        return null;
    }

    // mysqlclient's spelling (DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY).
    private static string? SslMode(MySqlConnectionStringBuilder builder, string value)
    {
        MySqlSslMode? mode = value.ToUpperInvariant() switch
        {
            "DISABLED" => MySqlSslMode.Disabled,
            "PREFERRED" => MySqlSslMode.Preferred,
            "REQUIRED" => MySqlSslMode.Required,
            "VERIFY_CA" => MySqlSslMode.VerifyCA,
            "VERIFY_IDENTITY" => MySqlSslMode.VerifyFull,
            _ => null,
        };
        if (mode is null)
            return "one of DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY";
        builder.SslMode = mode.Value;
        return null;
    }
}
