using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Maintenance;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>
/// Metric points have no foreign key to their runs (issue 18 §4): gc and CASCADE workspace deletes remove them
/// explicitly. Whatever deletes runs, and whatever log-batch does meanwhile, no point outlives its run.
/// </summary>
public abstract class MetricOrphanTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>, IDisposable
    where TDb : IDatabaseKind
{
    private GcWorld? _world;

    private GcWorld World => _world ??= new GcWorld(fixture.Services, fixture.Store);

    [Fact]
    public async Task Gc_of_runs_and_experiments_and_a_cascade_delete_leave_no_points_behind()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var oldRun = await World.RunAsync(experiment, "deleted", World.Ago(40));
        var activeRun = await World.RunAsync(experiment);
        var doomed = await World.ExperimentAsync(ws, "deleted", World.Ago(40));
        var inDoomed = await World.RunAsync(doomed);
        var other = await World.RunAsync(await World.ExperimentAsync(await World.WorkspaceAsync()));

        var (result, _) = await World.GcAsync(new GcRequest { OlderThan = "30d", OlderThanMs = (long)TimeSpan.FromDays(30).TotalMilliseconds, Workspace = ws });

        Assert.True(result.IsSuccess, result.Error?.Message);
        var left = (await PointsAsync(oldRun.RunUuid), await PointsAsync(inDoomed.RunUuid), await PointsAsync(activeRun.RunUuid));
        Assert.Equal((0, 0, 1), left);
        await World.DeleteWorkspaceAsync(ws);
        Assert.Equal(0, await PointsAsync(activeRun.RunUuid));
        Assert.Equal(1, await PointsAsync(other.RunUuid));
        Assert.Equal(0, await OrphansAsync());
    }

    [Fact]
    public async Task Log_batches_racing_a_cascade_delete_leave_no_points_behind()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var runs = new List<string>();
        for (var i = 0; i < 4; i++)
            runs.Add((await World.RunAsync(experiment)).RunUuid);
        var logged = 0;
        var writers = runs.Select(run => Task.Run(async () =>
        {
            for (var batch = 0; batch < 200; batch++)
            {
                await using var scope = fixture.Scope(ws);
                var points = Enumerable.Range(0, 100).Select(i => new MetricPoint("loss", i, 1, (batch * 100) + i)).ToList();
                try
                {
                    if (!(await scope.ServiceProvider.GetRequiredService<RunLoggingService>().LogBatchAsync(run, new LogBatchRequest(points, [], []), Ct)).IsSuccess)
                        return; // the run or its workspace is gone
                }
                catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
                {
                    return; // e.g. SQLite busy, or the workspace vanished between the lookup and the write
                }
                Interlocked.Increment(ref logged);
            }
        }, Ct)).ToList();
        // Delete while the writers are in full flow.
        while (Volatile.Read(ref logged) < 8 && !writers.All(w => w.IsCompleted))
            await Task.Delay(5, Ct);
        await World.DeleteWorkspaceAsync(ws);
        await Task.WhenAll(writers);

        Assert.True(logged >= 8, $"only {logged} batches were logged");
        foreach (var run in runs)
            Assert.Equal(0, await PointsAsync(run));
        Assert.Equal(0, await OrphansAsync());
    }

    private async Task<int> PointsAsync(string runId)
    {
        await using var db = World.Db();
        return await db.Metrics.IgnoreQueryFilters().CountAsync(m => m.RunUuid == runId, Ct);
    }

    /// <summary>Points whose run does not exist: never any, at any moment, in the whole database.</summary>
    private async Task<int> OrphansAsync()
    {
        await using var db = World.Db();
        return await db.Metrics.IgnoreQueryFilters().CountAsync(m => !db.Runs.IgnoreQueryFilters().Any(r => r.RunUuid == m.RunUuid), Ct);
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

public sealed class MetricOrphanTests_Sqlite(DataFixture<SqliteDb> f) : MetricOrphanTests<SqliteDb>(f);

public sealed class MetricOrphanTests_Postgres(DataFixture<PostgresDb> f) : MetricOrphanTests<PostgresDb>(f);

public sealed class MetricOrphanTests_MySql(DataFixture<MySqlDb> f) : MetricOrphanTests<MySqlDb>(f);
