using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// What log-batch guarantees whatever path the writer takes (PostgreSQL first tries a plain insert and falls back to
/// skipping duplicates): exact duplicates are dropped, stored or within the batch; the latest value follows the
/// (step, timestamp, value) rule; a batch that fails writes nothing.
/// </summary>
public abstract class LogBatchIngestionTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private readonly TrackingClient _client = new(fixture);

    [Fact]
    public async Task Points_already_stored_or_repeated_in_the_batch_are_stored_once()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await LogAsync(run, (0.1, 10, 0), (0.2, 11, 1), (0.3, 12, 2));
        // One stored point again, one new point twice, and a point differing from a stored one only in its value.
        await LogAsync(run, (0.2, 11, 1), (0.4, 13, 3), (0.4, 13, 3), (0.25, 11, 1));
        await LogAsync(run, (0.2, 11, 1), (0.4, 13, 3));

        Assert.Equal([(0.1, 10L, 0L), (0.2, 11, 1), (0.25, 11, 1), (0.3, 12, 2), (0.4, 13, 3)], await HistoryAsync(run));
        var latest = TrackingClient.Metrics(await _client.GetRunAsync(run))["m"];
        Assert.Equal((0.4, 13L, 3L), (latest.GetProperty("value").GetDouble(), latest.GetProperty("timestamp").GetInt64(), latest.GetProperty("step").GetInt64()));
    }

    [Fact]
    public async Task A_batch_of_duplicates_still_moves_nothing_and_a_later_batch_updates_the_latest_value()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await LogAsync(run, (0.5, 20, 5), (0.1, 30, 1));
        await LogAsync(run, (0.5, 20, 5), (0.1, 30, 1));
        var latest = TrackingClient.Metrics(await _client.GetRunAsync(run))["m"];
        Assert.Equal((0.5, 5L), (latest.GetProperty("value").GetDouble(), latest.GetProperty("step").GetInt64()));
        await LogAsync(run, (0.5, 20, 5), (0.7, 20, 5));
        latest = TrackingClient.Metrics(await _client.GetRunAsync(run))["m"];
        Assert.Equal((0.7, 5L), (latest.GetProperty("value").GetDouble(), latest.GetProperty("step").GetInt64()));
        Assert.Equal(3, (await HistoryAsync(run)).Count);
    }

    [Fact]
    public async Task A_batch_for_a_run_removed_behind_the_run_cache_is_404_and_writes_nothing()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await LogAsync(run, (0.1, 1, 0)); // the server now has the run cached as active
        await using (var db = fixture.Db())
        {
            // As gc in another process would remove it: its points, then the run (its latest values cascade).
            await db.Database.ExecuteSqlRawAsync("DELETE FROM metrics WHERE run_uuid = {0}", [run], Ct);
            await db.Runs.IgnoreQueryFilters().Where(r => r.RunUuid == run).ExecuteDeleteAsync(Ct);
        }
        var points = Enumerable.Range(1, 50).Select(i => ((double)i, (long)i, (long)i)).ToArray();
        await ApiAssert.Error(await _client.PostAsync("runs/log-batch", Body(run, points)), System.Net.HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await using var check = fixture.Db();
        Assert.Equal(0, await check.Metrics.IgnoreQueryFilters().CountAsync(m => m.RunUuid == run, Ct));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Body(string run, (double Value, long Timestamp, long Step)[] points)
    {
        var metrics = string.Join(",", points.Select(p => $$"""{"key":"m","value":{{JsonSerializer.Serialize(p.Value)}},"timestamp":{{p.Timestamp}},"step":{{p.Step}}}"""));
        return $$"""{"run_id":"{{run}}","metrics":[{{metrics}}]}""";
    }

    private async Task LogAsync(string run, params (double Value, long Timestamp, long Step)[] points) =>
        await ApiAssert.Ok(await _client.PostAsync("runs/log-batch", Body(run, points)));

    private async Task<List<(double, long, long)>> HistoryAsync(string run) =>
        (await ApiAssert.Ok(await _client.GetAsync($"metrics/get-history?run_id={run}&metric_key=m"))).GetProperty("metrics").EnumerateArray()
            .Select(m => (m.GetProperty("value").GetDouble(), m.GetProperty("timestamp").GetInt64(), m.GetProperty("step").GetInt64())).ToList();
}

public sealed class LogBatchIngestionTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : LogBatchIngestionTests<SqliteDb>(f);

public sealed class LogBatchIngestionTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : LogBatchIngestionTests<PostgresDb>(f);

public sealed class LogBatchIngestionTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : LogBatchIngestionTests<MySqlDb>(f);
