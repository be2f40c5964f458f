using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.ServiceAccessWorld<Workspaces.Tests.Unit.Infrastructure.SqliteDb>;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// What the runs table asks besides the page (issue 17): every metric, param and tag key of an experiment, and how many
/// runs the filter matches, both in SQL on each database and both limited to what the caller may read.
/// </summary>
public abstract class RunColumnsQueryTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    /// <summary>An experiment of three runs: two active ones with different keys, one deleted with a key of its own.</summary>
    private async Task<string> ExperimentAsync() => await world.AdminAsync(async s =>
    {
        var experiment = Must(await s.GetRequiredService<ExperimentService>().CreateAsync($"keys-{Guid.NewGuid():N}", null, [], Ct));
        await RunAsync(s, experiment, new LogBatchRequest([new MetricPoint("acc", 0.9, 1, 0)], [new KeyValue("lr", "0.1")],
            [new KeyValue("team", "a"), new KeyValue("mlflow.source.name", "train.py")]));
        await RunAsync(s, experiment, new LogBatchRequest([new MetricPoint("loss", 0.2, 1, 0), new MetricPoint("acc", 0.4, 1, 0)], [],
            [new KeyValue("Team", "b")]));
        var deleted = await RunAsync(s, experiment, new LogBatchRequest([new MetricPoint("gone", 1, 1, 0)], [], []));
        Assert.True((await s.GetRequiredService<RunService>().DeleteAsync(deleted, Ct)).IsSuccess);
        return experiment;
    });

    private static async Task<string> RunAsync(IServiceProvider s, string experiment, LogBatchRequest batch)
    {
        var run = Must(await s.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(experiment, "u", null, null, []), Ct));
        var logged = await s.GetRequiredService<RunLoggingService>().LogBatchAsync(run.Info.RunId, batch, Ct);
        Assert.True(logged.IsSuccess, logged.Error?.Message);
        return run.Info.RunId;
    }

    private Task<Result<RunColumnKeys>> KeysAsync(Caller caller, string experiment, ViewType view = ViewType.ActiveOnly) =>
        world.AsAsync(caller, s => s.GetRequiredService<RunColumnsService>().KeysAsync([experiment], view, Ct));

    private Task<Result<long>> CountAsync(Caller caller, string experiment, string? filter, ViewType view = ViewType.ActiveOnly) =>
        world.AsAsync(caller, s => s.GetRequiredService<RunSearchService>().CountAsync(new RunSearchRequest([experiment], filter, view, null, [], null), Ct));

    [Fact]
    public async Task Keys_are_every_key_of_the_experiments_active_runs_without_system_tags()
    {
        var experiment = await ExperimentAsync();

        var keys = Must(await KeysAsync(Caller.Admin, experiment));

        Assert.Equal(["acc", "loss"], keys.Metrics);
        Assert.Equal(["lr"], keys.Params);
        Assert.Equal(["Team", "team"], keys.Tags);
    }

    [Fact]
    public async Task Keys_of_deleted_runs_appear_in_the_all_view()
    {
        var experiment = await ExperimentAsync();

        var keys = Must(await KeysAsync(Caller.Admin, experiment, ViewType.All));

        Assert.Equal(["acc", "gone", "loss"], keys.Metrics);
    }

    [Fact]
    public async Task Count_matches_the_search_with_the_same_filter()
    {
        var experiment = await ExperimentAsync();

        Assert.Equal(2, Must(await CountAsync(Caller.Admin, experiment, null)));
        Assert.Equal(1, Must(await CountAsync(Caller.Admin, experiment, "metrics.acc > 0.5 and params.lr = '0.1'")));
        Assert.Equal(1, Must(await CountAsync(Caller.Admin, experiment, "tags.Team = 'b'")));
        Assert.Equal(3, Must(await CountAsync(Caller.Admin, experiment, null, ViewType.All)));
        var page = Must(await world.AdminAsync(s => s.GetRequiredService<RunSearchService>().SearchAsync(
            new RunSearchRequest([experiment], "metrics.acc >= 0", ViewType.ActiveOnly, 100, [], null), Ct)));
        Assert.Equal(page.Runs.Count, Must(await CountAsync(Caller.Admin, experiment, "metrics.acc >= 0")));
    }

    [Fact]
    public async Task Count_with_a_bad_filter_answers_the_searchs_error()
    {
        var experiment = await ExperimentAsync();

        var counted = await CountAsync(Caller.Admin, experiment, "metrics.acc >>> 1");
        var searched = await world.AdminAsync(s => s.GetRequiredService<RunSearchService>().SearchAsync(
            new RunSearchRequest([experiment], "metrics.acc >>> 1", ViewType.ActiveOnly, 10, [], null), Ct));

        Assert.Equal(ErrorCode.InvalidParameterValue, counted.Error?.Code);
        Assert.Equal(searched.Error?.Message, counted.Error?.Message);
    }

    [Fact]
    public async Task Another_workspaces_experiment_has_no_keys_and_no_runs_here()
    {
        var other = Names.Unique("keys-other");
        await world.AdminAsync(async s => Must(await s.GetRequiredService<WorkspaceService>().CreateAsync(new CreateWorkspace(other), Ct)));
        string foreign;
        await using (var scope = world.Data.Scope(other))
        {
            foreign = Must(await scope.ServiceProvider.GetRequiredService<ExperimentService>().CreateAsync("theirs", null, [], Ct));
            await RunAsync(scope.ServiceProvider, foreign, new LogBatchRequest([new MetricPoint("secret", 1, 1, 0)], [new KeyValue("p", "v")], [new KeyValue("t", "v")]));
        }

        var keys = Must(await KeysAsync(Caller.Admin, foreign));

        Assert.Empty(keys.Metrics.Concat(keys.Params).Concat(keys.Tags));
        Assert.Equal(0, Must(await CountAsync(Caller.Admin, foreign, null)));
    }

    [Theory]
    [InlineData(Caller.Read, true)]
    [InlineData(Caller.Explicit, true)]
    [InlineData(Caller.NoPermissions, false)]
    [InlineData(Caller.None, false)]
    public async Task Keys_and_count_need_read_on_the_experiment(Caller caller, bool readable)
    {
        var experiment = await ExperimentAsync();
        await world.GrantExperimentAsync(experiment);

        var keys = Must(await KeysAsync(caller, experiment));
        var count = Must(await CountAsync(caller, experiment, null));

        Assert.Equal(readable ? ["acc", "loss"] : [], keys.Metrics);
        Assert.Equal(readable ? 2 : 0, count);
    }

    [Fact]
    public async Task A_malformed_experiment_id_is_a_client_error()
    {
        var keys = await world.AsAsync(Caller.Admin, s => s.GetRequiredService<RunColumnsService>().KeysAsync(["not-a-number"], ViewType.ActiveOnly, Ct));

        Assert.Equal(ErrorCode.InvalidParameterValue, keys.Error?.Code);
    }
}

public sealed class RunColumnsQueryTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : RunColumnsQueryTests<SqliteDb>(w);

public sealed class RunColumnsQueryTests_Postgres(ServiceAccessWorld<PostgresDb> w) : RunColumnsQueryTests<PostgresDb>(w);

public sealed class RunColumnsQueryTests_MySql(ServiceAccessWorld<MySqlDb> w) : RunColumnsQueryTests<MySqlDb>(w);
