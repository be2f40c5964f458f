using Microsoft.Data.Sqlite;
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
    [InlineData("mysql://u:p@host/db", "Unsupported backend store URI scheme 'mysql'")]
    [InlineData("mssql+pyodbc://u:p@host/db", "Unsupported backend store URI scheme 'mssql+pyodbc'")]
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
