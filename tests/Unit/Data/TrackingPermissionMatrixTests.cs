using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.ServiceAccessWorld<Workspaces.Tests.Unit.Infrastructure.SqliteDb>;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The permission matrix where the rule lives (issue 13): every experiment and run operation, called on the service
/// with no HTTP in between, by each kind of caller, answers as the policy says — allowed, 403, or hidden as missing.
/// </summary>
public abstract class TrackingPermissionMatrixTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An operation: the level it needs, and how to call it on a fresh experiment and run made by the admin.</summary>
    private sealed record Operation(AccessLevel Level, Func<IServiceProvider, string, string, Task<Error?>> Act, bool OnWorkspace = false);

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["experiment.create"] = new(AccessLevel.Update, async (s, _, _) =>
            (await s.GetRequiredService<ExperimentService>().CreateAsync($"new-{Guid.NewGuid():N}", null, [], Ct)).Error, OnWorkspace: true),
        ["experiment.get"] = new(AccessLevel.Read, async (s, e, _) => (await s.GetRequiredService<ExperimentService>().GetAsync(e, Ct)).Error),
        ["experiment.rename"] = new(AccessLevel.Update, async (s, e, _) =>
            (await s.GetRequiredService<ExperimentService>().RenameAsync(e, $"renamed-{Guid.NewGuid():N}", Ct)).Error),
        ["experiment.set-tag"] = new(AccessLevel.Update, async (s, e, _) => (await s.GetRequiredService<ExperimentService>().SetTagAsync(e, "k", "v", Ct)).Error),
        ["experiment.delete-tag"] = new(AccessLevel.Update, async (s, e, _) =>
            (await s.GetRequiredService<ExperimentService>().DeleteTagAsync(e, "seed", Ct)).Error),
        ["experiment.delete"] = new(AccessLevel.Delete, async (s, e, _) => (await s.GetRequiredService<ExperimentService>().DeleteAsync(e, Ct)).Error),
        ["run.create"] = new(AccessLevel.Update, async (s, e, _) =>
            (await s.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(e, "u", null, null, []), Ct)).Error),
        ["run.get"] = new(AccessLevel.Read, async (s, _, r) => (await s.GetRequiredService<RunService>().GetAsync(r, Ct)).Error),
        ["run.update"] = new(AccessLevel.Update, async (s, _, r) => (await s.GetRequiredService<RunService>().UpdateAsync(r, "FINISHED", null, null, Ct)).Error),
        ["run.log-batch"] = new(AccessLevel.Update, async (s, _, r) =>
            (await s.GetRequiredService<RunLoggingService>().LogBatchAsync(r, new LogBatchRequest([new MetricPoint("m", 1, 1, 0)], [], []), Ct)).Error),
        ["run.log-metric"] = new(AccessLevel.Update, async (s, _, r) =>
            (await s.GetRequiredService<RunLoggingService>().LogMetricAsync(r, new MetricPoint("m", 2, 2, 1), Ct)).Error),
        ["run.log-param"] = new(AccessLevel.Update, async (s, _, r) => (await s.GetRequiredService<RunLoggingService>().LogParamAsync(r, "p", "v", Ct)).Error),
        ["run.set-tag"] = new(AccessLevel.Update, async (s, _, r) => (await s.GetRequiredService<RunLoggingService>().SetTagAsync(r, "t", "v", Ct)).Error),
        ["run.delete-tag"] = new(AccessLevel.Update, async (s, _, r) => (await s.GetRequiredService<RunService>().DeleteTagAsync(r, "seed", Ct)).Error),
        ["run.log-inputs"] = new(AccessLevel.Update, async (s, _, r) => (await s.GetRequiredService<RunInputsService>().LogInputsAsync(r, [], [], Ct)).Error),
        ["run.delete"] = new(AccessLevel.Delete, async (s, _, r) => (await s.GetRequiredService<RunService>().DeleteAsync(r, Ct)).Error),
        ["run.restore"] = new(AccessLevel.Delete, async (s, _, r) => (await s.GetRequiredService<RunService>().RestoreAsync(r, Ct)).Error),
    };

    public static TheoryData<string, Caller> Cases()
    {
        var data = new TheoryData<string, Caller>();
        foreach (var operation in Operations.Keys)
        {
            foreach (var caller in ServiceAccessWorld<TDb>.Callers)
                data.Add(operation, caller);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_what_the_policy_says(string operation, Caller caller)
    {
        var op = Operations[operation];
        var (experiment, run) = await ArrangeAsync();
        var error = await world.AsAsync(caller, s => op.Act(s, experiment, run));
        var expected = ServiceAccessWorld<TDb>.Expected(caller, op.Level, op.OnWorkspace);
        Assert.True(expected == Of(error), $"{operation} as {caller}: expected {expected}, got {Of(error)} ({error?.Message})");
    }

    /// <summary>A fresh experiment with a tag and a run with a tag, the explicit caller holding EDIT on the experiment.</summary>
    private async Task<(string Experiment, string Run)> ArrangeAsync() => await world.AdminAsync(async s =>
    {
        var experiments = s.GetRequiredService<ExperimentService>();
        var experiment = Must(await experiments.CreateAsync($"m-{Guid.NewGuid():N}", null, [new KeyValue("seed", "x")], Ct));
        var run = Must(await s.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(experiment, "u", null, null, [new KeyValue("seed", "x")]), Ct));
        await world.GrantExperimentAsync(experiment);
        return (experiment, run.Info.RunId);
    });
}

public sealed class TrackingPermissionMatrixTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : TrackingPermissionMatrixTests<SqliteDb>(w);

public sealed class TrackingPermissionMatrixTests_Postgres(ServiceAccessWorld<PostgresDb> w) : TrackingPermissionMatrixTests<PostgresDb>(w);
