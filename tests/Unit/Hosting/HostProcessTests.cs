using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>The real host started the way an operator starts it: with flags, with environment variables, and with bad settings.</summary>
public sealed class HostProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workspaces-host-tests", Guid.NewGuid().ToString("N"));

    public HostProcessTests() => Directory.CreateDirectory(_directory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string SqliteUri(string file = "mlflow.db") => $"sqlite:///{Path.Combine(_directory, file)}";

    [Fact]
    public async Task Flags_configure_the_server()
    {
        var port = ServerProcess.FreePort();
        await using var server = ServerProcess.Start(["server", "--backend-store-uri", SqliteUri("flags.db"), "--host", "127.0.0.1", "--port", $"{port}",
            "--default-artifact-root=file:///tmp/art", "--enable-workspaces"]);
        using var client = await server.WaitUntilHealthyAsync(port);
        var info = await client.GetStringAsync("/api/3.0/mlflow/server-info", Ct);
        Assert.Equal("""{"store_type":"SqlStore","workspaces_enabled":true}""", info);
        var list = await client.GetStringAsync("/api/3.0/mlflow/workspaces", Ct);
        Assert.Contains("\"default\"", list, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "flags.db")));
    }

    [Fact]
    public async Task Environment_variables_configure_the_server_and_flags_win()
    {
        var port = ServerProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["MLFLOW_BACKEND_STORE_URI"] = SqliteUri("env.db"),
            ["MLFLOW_PORT"] = $"{port}",
            ["MLFLOW_HOST"] = "127.0.0.1",
            ["MLFLOW_ENABLE_WORKSPACES"] = "false",
        };
        await using (var server = ServerProcess.Start([], environment))
        {
            using var client = await server.WaitUntilHealthyAsync(port);
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/3.0/mlflow/server-info", Ct));
            Assert.False(doc.RootElement.GetProperty("workspaces_enabled").GetBoolean());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/3.0/mlflow/workspaces", Ct)).StatusCode);
        }
        await using (var server = ServerProcess.Start(["--enable-workspaces"], environment))
        {
            using var client = await server.WaitUntilHealthyAsync(port);
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/3.0/mlflow/server-info", Ct));
            Assert.True(doc.RootElement.GetProperty("workspaces_enabled").GetBoolean());
        }
        Assert.True(File.Exists(Path.Combine(_directory, "env.db")));
    }

    [Fact]
    public async Task Postgres_store_uri_works()
    {
        var database = await PostgresDb.CreateAsync();
        if (database is null)
            Assert.Skip($"{PostgresDb.Variable} is not set");
        await using (database)
        {
            var port = ServerProcess.FreePort();
            var uri = database.StoreUri.Replace("postgresql://", "postgresql+psycopg2://", StringComparison.Ordinal);
            await using var server = ServerProcess.Start(["--backend-store-uri", uri, "--port", $"{port}"]);
            using var client = await server.WaitUntilHealthyAsync(port);
            var created = await client.PostAsync("/api/3.0/mlflow/workspaces",
                new StringContent("""{"name":"team-pg"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Contains("team-pg", await client.GetStringAsync("/api/3.0/mlflow/workspaces", Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MySql_store_uri_is_created_by_db_upgrade_and_served_with_workspaces_on()
    {
        var database = await MySqlDb.CreateAsync();
        if (database is null)
            Assert.Skip($"{MySqlDb.Variable} is not set");
        await using (database)
        {
            var uri = database.StoreUri.Replace("mysql://", "mysql+pymysql://", StringComparison.Ordinal) + "?charset=utf8mb4";
            await using (var upgrade = ServerProcess.Start(["db", "upgrade", uri]))
                Assert.Equal(0, await upgrade.WaitForExitAsync());
            var port = ServerProcess.FreePort();
            await using var server = ServerProcess.Start(["--backend-store-uri", uri, "--port", $"{port}", "--enable-workspaces"]);
            using var client = await server.WaitUntilHealthyAsync(port);
            var created = await client.PostAsync("/api/3.0/mlflow/workspaces",
                new StringContent("""{"name":"team-mysql"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Contains("team-mysql", await client.GetStringAsync("/api/3.0/mlflow/workspaces", Ct), StringComparison.Ordinal);
            // The start-up banner: where it listens and what it uses, the password masked.
            Assert.Contains($"listening on   http://127.0.0.1:{port}", server.Stdout, StringComparison.Ordinal);
            Assert.Contains("backend store  mysql+pymysql://ws:***@", server.Stdout, StringComparison.Ordinal);
            Assert.Contains("workspaces     on, 1 in the catalog (SQL provider; default 'default')", server.Stdout, StringComparison.Ordinal);
            Assert.Contains("auth           off", server.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(":ws@", server.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--backend-store-uri mssql://u:p@localhost/db", "SQL Server ('mssql') is not supported yet")]
    [InlineData("--backend-store-uri mysql://u:p@localhost/db?charset=latin1", "Invalid value 'latin1' for MySQL store URI parameter 'charset'")]
    [InlineData("--backend-store-uri ./mlruns", "Workspaces need a SQL backend store")]
    [InlineData("--backend-store-uri file:///tmp/mlruns --disable-workspaces", "File stores are not supported")]
    [InlineData("--default-artifact-root s3://bucket/workspaces", "ends with the reserved 'workspaces' segment")]
    [InlineData("--default-artifact-root s3://bucket/workspaces/team-a", "is already scoped under the reserved 'workspaces/<name>' prefix")]
    [InlineData("--artifacts-destination /data/workspaces", "artifacts destination /data/workspaces ends with the reserved 'workspaces' segment")]
    [InlineData("--backend-store-uri postgresql://postgres@127.0.0.1:1/nothing", "Cannot use the backend store postgresql://postgres@127.0.0.1:1/nothing")]
    [InlineData("--app-name basic-auth --host 0.0.0.0", "Auth is on with the shipped admin password on 0.0.0.0")]
    [InlineData("--Server:OtlpTracesEndpoint=collector:4318", "Server:OtlpTracesEndpoint must be an http:// or https:// URL, got 'collector:4318'")]
    [InlineData("--OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=/v1/traces", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http:// or https:// URL, got '/v1/traces'")]
    [InlineData("--Server:ShutdownTimeoutSeconds=-1", "Server:ShutdownTimeoutSeconds must be from 0 to 3600, got -1")]
    [InlineData("--Server:ForwardedHeaders=true --Server:KnownProxies=10.0.0.5,proxy.internal", "Server:KnownProxies: 'proxy.internal' is neither an IP address")]
    public async Task Bad_settings_stop_the_server_with_one_line(string args, string message)
    {
        var argv = args.Split(' ').ToList();
        if (!argv.Contains("--backend-store-uri"))
            argv.AddRange(["--backend-store-uri", SqliteUri()]);
        argv.AddRange(["--port", $"{ServerProcess.FreePort()}"]);
        await using var server = ServerProcess.Start(argv);
        Assert.NotEqual(0, await server.WaitForExitAsync());
        var lines = server.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_workspaces_file_stops_the_server_naming_each_line()
    {
        var file = Path.Combine(_directory, "workspaces.yaml");
        await File.WriteAllTextAsync(file, "workspaces:\n  - name: Team_A\n  - name: ok-one\n  - name: ok-one\n", Ct);
        await using var server = ServerProcess.Start(["--backend-store-uri", SqliteUri("file-provider.db"), "--port", $"{ServerProcess.FreePort()}",
            "--workspace-store-uri", $"file://{file}"]);
        Assert.NotEqual(0, await server.WaitForExitAsync());
        Assert.Contains("line 2:", server.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 4: workspace 'ok-one' is listed twice (first on line 3)", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_workspaces_file_is_served()
    {
        var file = Path.Combine(_directory, "good-workspaces.yaml");
        await File.WriteAllTextAsync(file, "default: team-a\nworkspaces:\n  - name: team-a\n", Ct);
        var port = ServerProcess.FreePort();
        await using var server = ServerProcess.Start(["--backend-store-uri", SqliteUri("file-served.db"), "--port", $"{port}"],
            new Dictionary<string, string> { ["MLFLOW_WORKSPACE_STORE_URI"] = $"file://{file}" });
        using var http = await server.WaitUntilHealthyAsync(port);
        var list = await http.GetStringAsync("/api/3.0/mlflow/workspaces", Ct);
        Assert.Equal("""{"workspaces":[{"name":"team-a"}]}""", list);
    }

    [Theory]
    [InlineData(new[] { "--frobnicate" }, "Unknown option '--frobnicate'")]
    [InlineData(new[] { "--port", "seventy" }, "Invalid port 'seventy'")]
    [InlineData(new[] { "--app-name", "other" }, "Unknown app name 'other'")]
    [InlineData(new[] { "db", "downgrade" }, "Usage: db upgrade <store-uri>")]
    public async Task Bad_command_lines_exit_with_2(string[] args, string message)
    {
        await using var server = ServerProcess.Start(args);
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains(message, server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_boolean_environment_value_exits_with_2()
    {
        await using var server = ServerProcess.Start([], new Dictionary<string, string> { ["MLFLOW_ENABLE_WORKSPACES"] = "maybe" });
        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("MLFLOW_ENABLE_WORKSPACES must be true or false, got 'maybe'", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_options()
    {
        await using var server = ServerProcess.Start(["--help"]);
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("--backend-store-uri", server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outdated_schema_is_refused_until_db_upgrade()
    {
        var uri = SqliteUri("old.db");
        await using (var db = new StoreConnection(StoreUri.Parse(uri, workspacesEnabled: true).Value).CreateContext(new WorkspaceContext()))
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), Ct);

        var port = ServerProcess.FreePort();
        await using (var refused = ServerProcess.Start(["--backend-store-uri", uri, "--port", $"{port}"]))
        {
            Assert.Equal(1, await refused.WaitForExitAsync());
            Assert.Contains("Detected out-of-date database schema", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("db upgrade", refused.Stderr, StringComparison.Ordinal);
        }
        await using (var upgrade = ServerProcess.Start(["db", "upgrade", uri]))
        {
            Assert.Equal(0, await upgrade.WaitForExitAsync());
            Assert.Contains("is up to date", upgrade.Stdout, StringComparison.Ordinal);
        }
        await using var server = ServerProcess.Start(["--backend-store-uri", uri, "--port", $"{port}"]);
        using var client = await server.WaitUntilHealthyAsync(port);
        Assert.Contains("\"default\"", await client.GetStringAsync("/api/3.0/mlflow/workspaces", Ct), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
