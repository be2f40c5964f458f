using Microsoft.Data.Sqlite;
using MySql.Data.MySqlClient;
using Npgsql;
using Workspaces.Data.Store;

namespace Workspaces.Tests.Unit.Data;

public sealed class StoreUriTests
{
    [Fact]
    public void Sqlite_relative_path_resolves_against_the_working_directory()
    {
        var parsed = StoreUri.Parse("sqlite:///mlflow.db", workspacesEnabled: true, baseDirectory: "/srv/app");
        Assert.True(parsed.IsSuccess);
        Assert.Equal(DatabaseProvider.Sqlite, parsed.Value.Provider);
        Assert.Equal("/srv/app/mlflow.db", new SqliteConnectionStringBuilder(parsed.Value.ConnectionString).DataSource);
    }

    [Fact]
    public void Sqlite_four_slashes_is_an_absolute_path()
    {
        var parsed = StoreUri.Parse("sqlite:////var/lib/mlflow/db.sqlite", workspacesEnabled: true, baseDirectory: "/srv/app");
        Assert.Equal("/var/lib/mlflow/db.sqlite", new SqliteConnectionStringBuilder(parsed.Value.ConnectionString).DataSource);
    }

    [Theory]
    [InlineData("postgresql://alice:s%40cret@db.example.com:6543/tracking")]
    [InlineData("postgresql+psycopg2://alice:s%40cret@db.example.com:6543/tracking")]
    public void Postgres_uri_becomes_an_npgsql_connection(string uri)
    {
        var parsed = StoreUri.Parse(uri, workspacesEnabled: true);
        Assert.True(parsed.IsSuccess);
        Assert.Equal(DatabaseProvider.Postgres, parsed.Value.Provider);
        var cs = new NpgsqlConnectionStringBuilder(parsed.Value.ConnectionString);
        Assert.Equal(("db.example.com", 6543, "alice", "s@cret", "tracking"), (cs.Host, cs.Port, cs.Username, cs.Password, cs.Database));
        Assert.DoesNotContain("s%40cret", parsed.Value.Display, StringComparison.Ordinal);
        Assert.Contains(":***@", parsed.Value.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_defaults_port_and_maps_sslmode()
    {
        var parsed = StoreUri.Parse("postgresql://bob@localhost/db?sslmode=require", workspacesEnabled: true);
        var cs = new NpgsqlConnectionStringBuilder(parsed.Value.ConnectionString);
        Assert.Equal(5432, cs.Port);
        Assert.Equal(SslMode.Require, cs.SslMode);
    }

    [Fact]
    public void Postgres_unknown_parameter_is_refused_not_dropped()
    {
        var parsed = StoreUri.Parse("postgresql://bob@localhost/db?frobnicate=1", workspacesEnabled: true);
        Assert.Contains("frobnicate", parsed.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://alice:s%40cret@db.example.com:3307/tracking")]
    [InlineData("mysql+pymysql://alice:s%40cret@db.example.com:3307/tracking?charset=utf8mb4")]
    [InlineData("mysql+mysqldb://alice:s%40cret@db.example.com:3307/tracking")]
    public void MySql_uri_becomes_a_connector_net_connection_in_utf8mb4(string uri)
    {
        var parsed = StoreUri.Parse(uri, workspacesEnabled: true);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        Assert.Equal(DatabaseProvider.MySql, parsed.Value.Provider);
        var cs = new MySqlConnectionStringBuilder(parsed.Value.ConnectionString);
        Assert.Equal(("db.example.com", 3307u, "alice", "s@cret", "tracking", "utf8mb4"), (cs.Server, cs.Port, cs.UserID, cs.Password, cs.Database, cs.CharacterSet));
        Assert.Contains(":***@", parsed.Value.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void MySql_defaults_the_port_and_maps_the_ssl_parameters_of_both_python_drivers()
    {
        var cs = new MySqlConnectionStringBuilder(StoreUri.Parse(
            "mysql://bob@localhost/db?ssl_ca=/ca.pem&ssl_cert=/c.pem&ssl_key=/k.pem&ssl_verify_identity=true&connect_timeout=7", workspacesEnabled: true)
            .Value.ConnectionString);
        Assert.Equal((3306u, "/ca.pem", "/c.pem", "/k.pem", MySqlSslMode.VerifyFull, 7u), (cs.Port, cs.SslCa, cs.SslCert, cs.SslKey, cs.SslMode, cs.ConnectionTimeout));
        var mode = new MySqlConnectionStringBuilder(StoreUri.Parse("mysql+mysqldb://bob@h/db?ssl_mode=VERIFY_CA", workspacesEnabled: true).Value.ConnectionString);
        Assert.Equal(MySqlSslMode.VerifyCA, mode.SslMode);
        var socket = new MySqlConnectionStringBuilder(StoreUri.Parse("mysql://bob@localhost/db?unix_socket=/run/mysqld.sock", workspacesEnabled: true).Value.ConnectionString);
        Assert.Equal((MySqlConnectionProtocol.UnixSocket, "/run/mysqld.sock"), (socket.ConnectionProtocol, socket.Server));
    }

    [Theory]
    [InlineData("mysql://u:p@h/db?frobnicate=1", "Unsupported MySQL store URI parameter 'frobnicate'")]
    [InlineData("mysql://u:p@h/db?charset=latin1", "Invalid value 'latin1' for MySQL store URI parameter 'charset': only utf8mb4")]
    [InlineData("mysql://u:p@h/db?ssl_mode=SOMETIMES", "Invalid value 'SOMETIMES' for MySQL store URI parameter 'ssl_mode'")]
    [InlineData("mysql://u:p@h/db?connect_timeout=soon", "Invalid value 'soon' for MySQL store URI parameter 'connect_timeout'")]
    [InlineData("mysql://u:p@h/", "The MySQL store URI 'mysql://u:***@h/' names no database")]
    public void MySql_parameters_are_mapped_or_refused_never_dropped(string uri, string message) =>
        Assert.StartsWith(message, StoreUri.Parse(uri, workspacesEnabled: true).Error!.Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("mssql+pyodbc://u:p@host/db", "SQL Server ('mssql+pyodbc') is not supported yet: no SQL Server can be run in CI to test it.")]
    [InlineData("oracle://u:p@host/db", "Unsupported backend store URI scheme 'oracle'")]
    [InlineData("sqlite://", "Invalid SQLite store URI")]
    [InlineData("sqlite:///:memory:", "In-memory SQLite stores are not supported")]
    [InlineData("", "The backend store URI is empty")]
    public void Unsupported_uris_are_refused_with_a_reason(string uri, string message)
    {
        var parsed = StoreUri.Parse(uri, workspacesEnabled: false);
        Assert.StartsWith(message, parsed.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("./mlruns")]
    [InlineData("file:///tmp/mlruns")]
    public void File_store_is_refused_and_names_workspaces_when_they_are_on(string uri)
    {
        Assert.StartsWith("Workspaces need a SQL backend store", StoreUri.Parse(uri, workspacesEnabled: true).Error!.Message, StringComparison.Ordinal);
        Assert.StartsWith("File stores are not supported", StoreUri.Parse(uri, workspacesEnabled: false).Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://u:secret@h/db", "postgresql://u:***@h/db")]
    [InlineData("postgresql://u@h/db", "postgresql://u@h/db")]
    [InlineData("sqlite:///x.db", "sqlite:///x.db")]
    public void Redact_hides_only_the_password(string uri, string expected) => Assert.Equal(expected, StoreUri.Redact(uri));
}
