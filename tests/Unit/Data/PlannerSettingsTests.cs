using Npgsql;
using Workspaces.Data.Search;
using Workspaces.Data.Store;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// Long searches tell PostgreSQL's planner to keep the written join order. The setting travels in the search's own
/// command and ends with it: nothing stays on a pooled connection, and behind PgBouncer's transaction pooling (where
/// a session-level SET could reach another client's server connection) it applies to the query it was meant for.
/// </summary>
public sealed class PlannerSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_join_order_setting_holds_for_the_search_command_only()
    {
        await using var database = await PostgresDb.CreateAsync();
        if (database is null)
            Assert.Skip($"{PostgresDb.Variable} is not set");
        await using var connection = new NpgsqlConnection(StoreUri.Parse(database.StoreUri, workspacesEnabled: true).Value.ConnectionString);
        await connection.OpenAsync(Ct);
        const string Read = "SELECT current_setting('join_collapse_limit') || '/' || current_setting('from_collapse_limit')";

        await using (var search = new NpgsqlCommand(SearchLimits.KeepJoinOrderSettings + Read, connection))
            Assert.Equal("1/1", await search.ExecuteScalarAsync(Ct));
        await using (var next = new NpgsqlCommand(Read, connection))
            Assert.Equal("8/8", await next.ExecuteScalarAsync(Ct));
    }
}
