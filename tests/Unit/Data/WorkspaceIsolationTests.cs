using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>The query filters on a real database: a context sees its workspace's rows and nothing else.</summary>
public abstract class WorkspaceIsolationTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Contexts_see_only_their_workspace()
    {
        var (a, b) = (Names.Unique("iso-a"), Names.Unique("iso-b"));
        await using (var scope = fixture.Scope())
        {
            var service = scope.ServiceProvider.GetRequiredService<WorkspaceService>();
            Assert.True((await service.CreateAsync(new CreateWorkspace(a), Ct)).IsSuccess);
            Assert.True((await service.CreateAsync(new CreateWorkspace(b), Ct)).IsSuccess);
        }
        await using (var db = fixture.Db(a))
            await db.AddExperimentAsync(a, "shared-name");
        await using (var db = fixture.Db(b))
            await db.AddExperimentAsync(b, "shared-name");

        await using var inA = fixture.Db(a);
        var experiments = await inA.Experiments.ToListAsync(Ct);
        Assert.Equal([a], experiments.Select(e => e.Workspace).Distinct());
        var tags = await inA.ExperimentTags.Include(t => t.Experiment).ToListAsync(Ct);
        Assert.All(tags, t => Assert.Equal(a, t.Experiment!.Workspace));
        Assert.Single(tags);
    }

    [Fact]
    public async Task A_row_cannot_name_a_workspace_that_does_not_exist()
    {
        await using var db = fixture.Db("ghost-ws");
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.AddExperimentAsync("ghost-ws", "orphan"));
        Assert.True(Workspaces.Data.Store.DbErrors.IsForeignKeyViolation(error));
    }
}

public sealed class WorkspaceIsolationTests_Sqlite(DataFixture<SqliteDb> f) : WorkspaceIsolationTests<SqliteDb>(f);

public sealed class WorkspaceIsolationTests_Postgres(DataFixture<PostgresDb> f) : WorkspaceIsolationTests<PostgresDb>(f);

public sealed class WorkspaceIsolationTests_MySql(DataFixture<MySqlDb> f) : WorkspaceIsolationTests<MySqlDb>(f);
