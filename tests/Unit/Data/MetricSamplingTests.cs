using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>The charts' sampled read on a real database: bucket extremes, first and last survive, the cap holds, workspaces stay apart.</summary>
public abstract class MetricSamplingTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private const int Steps = 3000;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A slow sine with one spike up and one down that an even step sample would miss.
    private static double ValueAt(int step) => step switch { 1234 => 1000, 2345 => -1000, _ => Math.Sin(step / 100.0) };

    private async Task<string> RunWithHistoryAsync(string workspace, int steps = Steps)
    {
        await using (var scope = fixture.Scope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(new CreateWorkspace(workspace), Ct)).IsSuccess);
        await using var s = fixture.Scope(workspace);
        var experiment = await s.ServiceProvider.GetRequiredService<ExperimentService>().CreateAsync("sampled", null, [], Ct);
        Assert.True(experiment.IsSuccess, experiment.Error?.Message);
        var run = await s.ServiceProvider.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(experiment.Value, "u", "r", null, []), Ct);
        Assert.True(run.IsSuccess, run.Error?.Message);
        var logging = s.ServiceProvider.GetRequiredService<RunLoggingService>();
        foreach (var chunk in Enumerable.Range(0, steps).Chunk(1000))
        {
            var batch = new LogBatchRequest([.. chunk.Select(i => new MetricPoint("loss", ValueAt(i), 1_700_000_000_000 + i, i))], [], []);
            var logged = await logging.LogBatchAsync(run.Value.Info.RunId, batch, Ct);
            Assert.True(logged.IsSuccess, logged.Error?.Message);
        }
        return run.Value.Info.RunId;
    }

    private async Task<Result<IReadOnlyList<MetricDto>>> SampleAsync(string workspace, IReadOnlyList<string> runs, long? from, long? to, int max)
    {
        await using var s = fixture.Scope(workspace);
        return await s.ServiceProvider.GetRequiredService<MetricHistoryService>().GetSampledAsync(runs, "loss", from, to, max, Ct);
    }

    [Fact]
    public async Task A_100000_point_metric_comes_back_as_a_chart_sized_sample()
    {
        // The bar: a 100,000-point metric renders within a second. The server's part is this read; the time
        // goes to the test output (for the notes), never into an assertion.
        var ws = Names.Unique("sample-big");
        var run = await RunWithHistoryAsync(ws, 100_000);
        await SampleAsync(ws, [run], null, null, 1000); // warm-up
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var points = (await SampleAsync(ws, [run], null, null, 1000)).Value;
        TestContext.Current.TestOutputHelper?.WriteLine($"{TDb.Name}: 100,000-point metric sampled to {points.Count} points in {watch.ElapsedMilliseconds} ms");
        Assert.InRange(points.Count, 500, 1000);
        Assert.Equal((0L, 99_999L), (points[0].Step, points[^1].Step));
    }

    [Fact]
    public async Task A_long_history_is_capped_and_keeps_first_last_and_each_bucket_s_extremes()
    {
        var ws = Names.Unique("sample");
        var run = await RunWithHistoryAsync(ws);

        var points = (await SampleAsync(ws, [run], null, null, 200)).Value;

        Assert.InRange(points.Count, 100, 200);
        Assert.Equal(0, points[0].Step);
        Assert.Equal(Steps - 1, points[^1].Step);
        Assert.Equal(points.OrderBy(p => p.Step).Select(p => p.Step), points.Select(p => p.Step));
        Assert.Contains(points, p => p.Value == 1000);
        Assert.Contains(points, p => p.Value == -1000);
        // Every bucket of the step range (99 buckets for 200 points) keeps its own min and max.
        static int Bucket(long step) => (int)((double)step / Steps * 99);
        foreach (var group in Enumerable.Range(0, Steps).GroupBy(i => Bucket(i)))
        {
            var inBucket = points.Where(p => Bucket(p.Step) == group.Key).ToList();
            Assert.Contains(inBucket, p => Math.Abs(p.Value - group.Min(ValueAt)) < 1e-12);
            Assert.Contains(inBucket, p => Math.Abs(p.Value - group.Max(ValueAt)) < 1e-12);
        }
    }

    [Fact]
    public async Task A_zoomed_window_is_read_finer_and_a_short_history_whole()
    {
        var ws = Names.Unique("sample");
        var run = await RunWithHistoryAsync(ws);

        var window = (await SampleAsync(ws, [run], 1000, 1099, 200)).Value;

        Assert.Equal(Enumerable.Range(1000, 100).Select(i => (long)i), window.Select(p => p.Step));
        Assert.Equal(ValueAt(1050), window.Single(p => p.Step == 1050).Value);
    }

    [Fact]
    public async Task Another_workspace_s_run_is_not_read_and_bad_limits_are_refused()
    {
        var (mine, theirs) = (Names.Unique("sample"), Names.Unique("sample"));
        var own = await RunWithHistoryAsync(mine);
        var other = await RunWithHistoryAsync(theirs);

        var points = (await SampleAsync(mine, [own, other], null, null, 50)).Value;

        Assert.All(points, p => Assert.Equal(own, p.RunId));
        Assert.Empty((await SampleAsync(mine, [other], null, null, 50)).Value);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await SampleAsync(mine, [own], null, null, 3)).Error!.Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await SampleAsync(mine, [own], 10, null, 50)).Error!.Code);
    }
}

public sealed class MetricSamplingTests_Sqlite(DataFixture<SqliteDb> f) : MetricSamplingTests<SqliteDb>(f);

public sealed class MetricSamplingTests_Postgres(DataFixture<PostgresDb> f) : MetricSamplingTests<PostgresDb>(f);

public sealed class MetricSamplingTests_MySql(DataFixture<MySqlDb> f) : MetricSamplingTests<MySqlDb>(f);
