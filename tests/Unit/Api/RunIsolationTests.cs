using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Reference §9 B cases 50–53 and the run-level endpoints' cross-workspace 404s.</summary>
public abstract class RunIsolationTests<TDb, TProfile>(ApiFixture<TDb, TProfile> fixture) : IClassFixture<ApiFixture<TDb, TProfile>>
    where TDb : IDatabaseKind
    where TProfile : ISettingsProfile
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TrackingClient A, TrackingClient B, string ExperimentA, string RunA)> TwoWorkspacesAsync()
    {
        var (a, b) = (await TProfile.NewWorkspaceAsync(fixture, "ta"), await TProfile.NewWorkspaceAsync(fixture, "tb"));
        var clientA = new TrackingClient(fixture, a);
        var experiment = await clientA.CreateExperimentAsync();
        var run = await clientA.CreateRunAsync(experiment);
        await clientA.LogMetricAsync(run, "loss", "0.5", 1, 0);
        return (clientA, new TrackingClient(fixture, b), experiment, run);
    }

    [Fact]
    public async Task Another_workspaces_run_is_not_found_for_reads_and_writes()
    {
        var (a, b, _, run) = await TwoWorkspacesAsync();
        var notFound = $"Run with id={run} not found";
        await ApiAssert.Error(await b.GetAsync($"runs/get?run_id={run}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        await ApiAssert.Error(await b.GetAsync($"metrics/get-history?run_id={run}&metric_key=loss"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        string[] writes =
        [
            $$"""runs/log-metric|{"run_id":"{{run}}","key":"m","value":1,"timestamp":1}""",
            $$"""runs/log-parameter|{"run_id":"{{run}}","key":"p","value":"v"}""",
            $$"""runs/set-tag|{"run_id":"{{run}}","key":"t","value":"v"}""",
            $$"""runs/delete-tag|{"run_id":"{{run}}","key":"mlflow.runName"}""",
            $$"""runs/log-batch|{"run_id":"{{run}}","metrics":[{"key":"m","value":1,"timestamp":1}]}""",
            $$"""runs/update|{"run_id":"{{run}}","status":"FINISHED"}""",
            $$"""runs/delete|{"run_id":"{{run}}"}""",
            $$"""runs/restore|{"run_id":"{{run}}"}""",
            $$"""runs/log-inputs|{"run_id":"{{run}}","datasets":[]}""",
            $$"""runs/outputs|{"run_id":"{{run}}","models":[{"model_id":"m-1","step":0}]}""",
        ];
        foreach (var write in writes)
        {
            var (rpc, json) = (write[..write.IndexOf('|', StringComparison.Ordinal)], write[(write.IndexOf('|', StringComparison.Ordinal) + 1)..]);
            await ApiAssert.Error(await b.PostAsync(rpc, json), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", notFound);
        }
        var intact = await a.GetRunAsync(run);
        Assert.Equal("active", intact.GetProperty("info").GetProperty("lifecycle_stage").GetString());
        Assert.Equal("RUNNING", intact.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal(["loss"], TrackingClient.Metrics(intact).Keys);
    }

    [Fact]
    public async Task Creating_a_run_in_another_workspaces_experiment_is_not_found()
    {
        var (_, b, experiment, _) = await TwoWorkspacesAsync();
        await ApiAssert.Error(await b.PostAsync("runs/create", $$"""{"experiment_id":"{{experiment}}"}"""), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={experiment} exists");
    }

    [Fact]
    public async Task Search_drops_foreign_experiment_ids_silently()
    {
        var (_, b, experimentA, _) = await TwoWorkspacesAsync();
        var experimentB = await b.CreateExperimentAsync();
        var runB = await b.CreateRunAsync(experimentB);
        var body = await ApiAssert.Ok(await b.PostAsync("runs/search", $$"""{"experiment_ids":["{{experimentA}}","{{experimentB}}"]}"""));
        Assert.Equal([runB], body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));
        var none = await ApiAssert.Ok(await b.PostAsync("runs/search", $$"""{"experiment_ids":["{{experimentA}}"]}"""));
        Assert.Equal("{}", none.GetRawText());
    }

    [Fact]
    public async Task Bulk_interval_leaves_out_foreign_runs()
    {
        var (a, b, _, runA) = await TwoWorkspacesAsync();
        var runB = await b.CreateRunAsync(await b.CreateExperimentAsync());
        for (var step = 0; step < 10; step++)
            await b.LogMetricAsync(runB, "loss", $"{step}", step, step);
        var mine = await ApiAssert.Ok(await b.GetAsync($"metrics/get-history-bulk-interval?run_ids={runA}&run_ids={runB}&metric_key=loss&max_results=4"));
        var points = mine.GetProperty("metrics").EnumerateArray().ToList();
        Assert.All(points, p => Assert.Equal(runB, p.GetProperty("run_id").GetString()));
        Assert.Contains(points, p => p.GetProperty("step").GetInt64() == 0);
        Assert.Contains(points, p => p.GetProperty("step").GetInt64() == 9);
        Assert.True(points.Count <= 6);
        var theirs = await ApiAssert.Ok(await a.GetAsync($"metrics/get-history-bulk-interval?run_ids={runA}&metric_key=loss"));
        Assert.Single(theirs.GetProperty("metrics").EnumerateArray());
    }

    [Fact]
    public async Task Bulk_interval_validates_its_arguments()
    {
        var (a, _, _, run) = await TwoWorkspacesAsync();
        await ApiAssert.Error(await a.GetAsync($"metrics/get-history-bulk-interval?run_ids={run}&metric_key=loss&max_results=2501"), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "max_results must be between 1 and 2500.");
        await ApiAssert.Error(await a.GetAsync($"metrics/get-history-bulk-interval?run_ids={run}&metric_key=loss&start_step=1"), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "If either start step or end step are specified, both must be specified.");
        await ApiAssert.Error(await a.GetAsync($"metrics/get-history-bulk-interval?run_ids={run}&metric_key=loss&start_step=5&end_step=1"), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "end_step must be greater than start_step. Found start_step=5 and end_step=1.");
        var many = string.Join("&", Enumerable.Range(0, 101).Select(i => $"run_ids=r{i}"));
        await ApiAssert.Error(await a.GetAsync($"metrics/get-history-bulk-interval?{many}&metric_key=loss"), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "GetMetricHistoryBulkInterval request must specify at most 100 run_ids. Received 101 run_ids.");
    }

    [Fact]
    public async Task Client_flow_like_the_mlflow_client()
    {
        var (a, _, _, _) = await TwoWorkspacesAsync();
        var experiment = await a.CreateExperimentAsync();
        var run = await a.CreateRunAsync(experiment, ",\"start_time\":1700000000000,\"tags\":[{\"key\":\"mlflow.user\",\"value\":\"alice\"}]");
        var points = string.Join(",", Enumerable.Range(0, 200).Select(i => $$"""{"key":"loss","value":{{1.0 / (i + 1)}},"timestamp":{{1700000000000 + i}},"step":{{i}}}"""));
        await ApiAssert.Ok(await a.PostAsync("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{{points}}],"params":[{"key":"lr","value":"0.01"}],"tags":[{"key":"phase","value":"train"}]}"""));
        await ApiAssert.Ok(await a.PostAsync("runs/update", $$"""{"run_id":"{{run}}","status":"FINISHED","end_time":1700000100000}"""));
        var found = await ApiAssert.Ok(await a.PostAsync("runs/search",
            $$"""{"experiment_ids":["{{experiment}}"],"filter":"metrics.loss < 0.01 and params.lr = '0.01' and attributes.status = 'FINISHED'","max_results":10}"""));
        var hit = Assert.Single(found.GetProperty("runs").EnumerateArray());
        Assert.Equal(run, hit.GetProperty("info").GetProperty("run_id").GetString());
        var history = await ApiAssert.Ok(await a.GetAsync($"metrics/get-history?run_id={run}&metric_key=loss&max_results=25000"));
        Assert.Equal(200, history.GetProperty("metrics").GetArrayLength());
        Assert.False(history.TryGetProperty("next_page_token", out _));
    }
}

public sealed class RunIsolationTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : RunIsolationTests<SqliteDb, DefaultProfile>(f);

public sealed class RunIsolationTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : RunIsolationTests<PostgresDb, DefaultProfile>(f);

public sealed class RunIsolationTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : RunIsolationTests<MySqlDb, DefaultProfile>(f);

public sealed class RunIsolationTests_FileSqlite(ApiFixture<SqliteDb, FileIsolationProfile> f) : RunIsolationTests<SqliteDb, FileIsolationProfile>(f);

public sealed class RunIsolationTests_FilePostgres(ApiFixture<PostgresDb, FileIsolationProfile> f) : RunIsolationTests<PostgresDb, FileIsolationProfile>(f);

public sealed class RunIsolationTests_FileMySql(ApiFixture<MySqlDb, FileIsolationProfile> f) : RunIsolationTests<MySqlDb, FileIsolationProfile>(f);
