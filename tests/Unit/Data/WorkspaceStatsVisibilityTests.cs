using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>The workspace counts filter by what the caller may see themselves (issue 13 §3), whatever names they are asked for.</summary>
public abstract class WorkspaceStatsVisibilityTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Caller.Admin, true)]
    [InlineData(Caller.Read, true)]
    [InlineData(Caller.Manage, true)]
    [InlineData(Caller.Explicit, false)]
    [InlineData(Caller.NoPermissions, false)]
    [InlineData(Caller.None, false)]
    public async Task Only_visible_workspaces_are_counted(Caller caller, bool counted)
    {
        var stats = await world.AsAsync(caller, s => s.GetRequiredService<WorkspaceStatsService>().GetAsync([world.Workspace, "default"], Ct));
        Assert.Equal(counted, stats.ContainsKey(world.Workspace));
    }
}

public sealed class WorkspaceStatsVisibilityTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : WorkspaceStatsVisibilityTests<SqliteDb>(w);

public sealed class WorkspaceStatsVisibilityTests_Postgres(ServiceAccessWorld<PostgresDb> w) : WorkspaceStatsVisibilityTests<PostgresDb>(w);

public sealed class WorkspaceStatsVisibilityTests_MySql(ServiceAccessWorld<MySqlDb> w) : WorkspaceStatsVisibilityTests<MySqlDb>(w);
