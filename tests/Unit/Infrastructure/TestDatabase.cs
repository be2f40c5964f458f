using MySql.Data.MySqlClient;
using Npgsql;
using Workspaces.Data.Store;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>A throwaway database for one fixture: an empty SQLite file or a fresh PostgreSQL database.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    /// <summary>The MLflow-style store URI of the database (what <c>--backend-store-uri</c> takes).</summary>
    string StoreUri { get; }
}

/// <summary>Selects a database kind for the generic provider-parameterised test classes.</summary>
public interface IDatabaseKind
{
    static abstract string Name { get; }

    /// <summary>What makes the kind available (the environment variable to set), for skip messages.</summary>
    static abstract string Requirement { get; }

    /// <summary>Creates the database, or returns null when the kind is unavailable on this machine.</summary>
    static abstract Task<ITestDatabase?> CreateAsync();
}

public sealed class SqliteDb : IDatabaseKind
{
    public static string Name => "sqlite";

    public static string Requirement => "nothing";

    public static Task<ITestDatabase?> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "workspaces-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Task.FromResult<ITestDatabase?>(new SqliteTestDatabase(directory));
    }

    private sealed class SqliteTestDatabase(string directory) : ITestDatabase
    {
        public string StoreUri { get; } = $"sqlite:///{Path.Combine(directory, "mlflow.db")}";

        public ValueTask DisposeAsync()
        {
            // Pooled connections keep the file open; release them before deleting.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind does not fail a test.
            }
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// PostgreSQL from <c>WORKSPACES_TEST_PG</c> (a store URI of a server database, e.g.
/// <c>postgresql://postgres@127.0.0.1:55432/postgres</c>; <c>.ci/run</c> starts the server and sets it).
/// Missing under <c>CI=true</c> is a failure, never a skip.
/// </summary>
public sealed class PostgresDb : IDatabaseKind
{
    public const string Variable = "WORKSPACES_TEST_PG";

    public static string Name => "postgres";

    public static string Requirement => $"set {Variable}";

    public static string? ServerUri => Environment.GetEnvironmentVariable(Variable);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task<ITestDatabase?> CreateAsync()
    {
        if (string.IsNullOrWhiteSpace(ServerUri))
        {
            if (InCi)
                throw new InvalidOperationException($"{Variable} is not set: PostgreSQL tests must run under CI (start the server in .ci/run).");
            return null;
        }
        var server = StoreUri.Parse(ServerUri, workspacesEnabled: true);
        if (!server.IsSuccess)
            throw new InvalidOperationException($"{Variable}: {server.Error!.Message}");
        var admin = new NpgsqlConnectionStringBuilder(server.Value.ConnectionString);
        var name = $"ws_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var password = string.IsNullOrEmpty(admin.Password) ? "" : ":" + Uri.EscapeDataString(admin.Password);
        var uri = $"postgresql://{Uri.EscapeDataString(admin.Username ?? "postgres")}{password}@{admin.Host}:{admin.Port}/{name}";
        return new PostgresTestDatabase(admin.ConnectionString, name, uri);
    }

    private sealed class PostgresTestDatabase(string adminConnection, string name, string uri) : ITestDatabase
    {
        public string StoreUri => uri;

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnection);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>
/// MySQL / MariaDB from <c>WORKSPACES_TEST_MYSQL</c> (a store URI naming any database of the server, e.g.
/// <c>mysql://ws:ws@127.0.0.1:53306/mysql</c>; <c>test.sh</c> starts a MariaDB and sets it). Each fixture gets a database
/// of its own that the server creates itself on first start, as it would in production. Missing under
/// <c>CI=true</c> is a failure, never a skip.
/// </summary>
public sealed class MySqlDb : IDatabaseKind
{
    public const string Variable = "WORKSPACES_TEST_MYSQL";

    public static string Name => "mysql";

    public static string Requirement => $"set {Variable}";

    public static string? ServerUri => Environment.GetEnvironmentVariable(Variable);

    public static Task<ITestDatabase?> CreateAsync()
    {
        if (string.IsNullOrWhiteSpace(ServerUri))
        {
            if (PostgresDb.InCi)
                throw new InvalidOperationException($"{Variable} is not set: MySQL tests must run under CI (start the server in test.sh).");
            return Task.FromResult<ITestDatabase?>(null);
        }
        var server = StoreUri.Parse(ServerUri, workspacesEnabled: true);
        if (!server.IsSuccess)
            throw new InvalidOperationException($"{Variable}: {server.Error!.Message}");
        var admin = new MySqlConnectionStringBuilder(server.Value.ConnectionString);
        var name = $"ws_test_{Guid.NewGuid():N}";
        var uri = new UriBuilder(ServerUri.Trim()) { Path = "/" + name }.Uri.ToString();
        return Task.FromResult<ITestDatabase?>(new MySqlTestDatabase(admin.ConnectionString, name, uri));
    }

    private sealed class MySqlTestDatabase(string adminConnection, string name, string uri) : ITestDatabase
    {
        public string StoreUri => uri;

        public async ValueTask DisposeAsync()
        {
            MySqlConnection.ClearAllPools();
            await using var connection = new MySqlConnection(adminConnection);
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{name}`", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
