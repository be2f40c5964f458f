using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.ServiceAccessWorld<Workspaces.Tests.Unit.Infrastructure.SqliteDb>;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// What the lists show besides their own rows (issue 17): the experiment list's active run count and latest start, the
/// model versions' run names. Both on each database, both limited to this workspace and to what the caller may read.
/// </summary>
public abstract class ListSummaryQueryTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    /// <summary>An experiment with active runs started at 100 and 300 and a deleted one started at 500.</summary>
    private async Task<(string Experiment, string First, string Second)> ExperimentAsync() => await world.AdminAsync(async s =>
    {
        var experiment = Must(await s.GetRequiredService<ExperimentService>().CreateAsync($"sum-{Guid.NewGuid():N}", null, [], Ct));
        var first = await RunAsync(s, experiment, "first", 100);
        var second = await RunAsync(s, experiment, "second", 300);
        var deleted = await RunAsync(s, experiment, "deleted", 500);
        Assert.True((await s.GetRequiredService<RunService>().DeleteAsync(deleted, Ct)).IsSuccess);
        return (experiment, first, second);
    });

    private static async Task<string> RunAsync(IServiceProvider s, string experiment, string name, long start) =>
        Must(await s.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(experiment, "u", name, start, []), Ct)).Info.RunId;

    private Task<Result<IReadOnlyDictionary<string, ExperimentRunStats>>> StatsAsync(Caller caller, params string[] experiments) =>
        world.AsAsync(caller, s => s.GetRequiredService<ExperimentSearchService>().RunStatsAsync(experiments, Ct));

    private Task<IReadOnlyDictionary<string, string>> NamesAsync(Caller caller, params string[] runs) =>
        world.AsAsync(caller, s => s.GetRequiredService<RunService>().NamesAsync(runs, Ct));

    /// <summary>An experiment with one run named "theirs" in a new workspace, which the world's callers are not in.</summary>
    private async Task<(string Experiment, string Run)> ForeignAsync()
    {
        var other = Names.Unique("sum-other");
        await world.AdminAsync(async s => Must(await s.GetRequiredService<WorkspaceService>().CreateAsync(new CreateWorkspace(other), Ct)));
        await using var scope = world.Data.Scope(other);
        var experiment = Must(await scope.ServiceProvider.GetRequiredService<ExperimentService>().CreateAsync("theirs", null, [], Ct));
        return (experiment, await RunAsync(scope.ServiceProvider, experiment, "theirs", 900));
    }

    [Fact]
    public async Task Stats_count_the_active_runs_and_take_the_latest_start()
    {
        var (experiment, _, _) = await ExperimentAsync();
        var empty = Must(await world.AdminAsync(s => s.GetRequiredService<ExperimentService>().CreateAsync($"empty-{Guid.NewGuid():N}", null, [], Ct)));

        var stats = Must(await StatsAsync(Caller.Admin, experiment, empty));

        Assert.Equal(new ExperimentRunStats(2, 300), stats[experiment]);
        Assert.Equal(new ExperimentRunStats(0, null), stats[empty]);
    }

    [Fact]
    public async Task Another_workspaces_experiment_and_run_are_not_answered()
    {
        var (experiment, run) = await ForeignAsync();

        Assert.Empty(Must(await StatsAsync(Caller.Admin, experiment)));
        Assert.Empty(await NamesAsync(Caller.Admin, run));
    }

    [Theory]
    [InlineData(Caller.Read, true)]
    [InlineData(Caller.Explicit, true)]
    [InlineData(Caller.NoPermissions, false)]
    [InlineData(Caller.None, false)]
    public async Task Stats_and_names_need_read_on_the_experiment(Caller caller, bool readable)
    {
        var (experiment, first, second) = await ExperimentAsync();
        await world.GrantExperimentAsync(experiment);

        var stats = Must(await StatsAsync(caller, experiment));
        var names = await NamesAsync(caller, first, second);

        Assert.Equal(readable ? [new ExperimentRunStats(2, 300)] : [], stats.Values);
        Assert.Equal(readable ? ["first", "second"] : [], names.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Names_are_by_run_id_and_unknown_ids_are_left_out()
    {
        var (_, first, second) = await ExperimentAsync();

        var names = await NamesAsync(Caller.Admin, first, second, first, "0123456789abcdef0123456789abcdef");

        Assert.Equal(2, names.Count);
        Assert.Equal("first", names[first]);
        Assert.Equal("second", names[second]);
        Assert.Empty(await NamesAsync(Caller.Admin));
    }

    [Fact]
    public async Task A_malformed_experiment_id_is_a_client_error()
    {
        var stats = await StatsAsync(Caller.Admin, "not-a-number");

        Assert.Equal(ErrorCode.InvalidParameterValue, stats.Error?.Code);
    }
}

public sealed class ListSummaryQueryTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : ListSummaryQueryTests<SqliteDb>(w);

public sealed class ListSummaryQueryTests_Postgres(ServiceAccessWorld<PostgresDb> w) : ListSummaryQueryTests<PostgresDb>(w);

public sealed class ListSummaryQueryTests_MySql(ServiceAccessWorld<MySqlDb> w) : ListSummaryQueryTests<MySqlDb>(w);
