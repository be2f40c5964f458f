using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Common;
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
    /// <summary>An operation: the level it needs, and how to call it on a fresh experiment and run made by the admin.</summary>
    private sealed record Operation(AccessLevel Level, Func<IServiceProvider, Target, Task<Error?>> Act, bool OnWorkspace = false);

    /// <summary>The resources one case acts on, fresh per case.</summary>
    private sealed record Target(string Experiment, string Run, string Model);

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["experiment.create"] = new(AccessLevel.Update, async (s, _) =>
            (await s.GetRequiredService<ExperimentService>().CreateAsync($"new-{Guid.NewGuid():N}", null, [], Ct)).Error, OnWorkspace: true),
        ["experiment.get"] = new(AccessLevel.Read, async (s, t) => (await s.GetRequiredService<ExperimentService>().GetAsync(t.Experiment, Ct)).Error),
        ["experiment.rename"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<ExperimentService>().RenameAsync(t.Experiment, $"renamed-{Guid.NewGuid():N}", Ct)).Error),
        ["experiment.set-tag"] = new(AccessLevel.Update, async (s, t) => (await s.GetRequiredService<ExperimentService>().SetTagAsync(t.Experiment, "k", "v", Ct)).Error),
        ["experiment.delete-tag"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<ExperimentService>().DeleteTagAsync(t.Experiment, "seed", Ct)).Error),
        ["experiment.delete"] = new(AccessLevel.Delete, async (s, t) => (await s.GetRequiredService<ExperimentService>().DeleteAsync(t.Experiment, Ct)).Error),
        ["run.create"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(t.Experiment, "u", null, null, []), Ct)).Error),
        ["run.get"] = new(AccessLevel.Read, async (s, t) => (await s.GetRequiredService<RunService>().GetAsync(t.Run, Ct)).Error),
        ["run.update"] = new(AccessLevel.Update, async (s, t) => (await s.GetRequiredService<RunService>().UpdateAsync(t.Run, "FINISHED", null, null, Ct)).Error),
        ["run.log-batch"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<RunLoggingService>().LogBatchAsync(t.Run, new LogBatchRequest([new MetricPoint("m", 1, 1, 0)], [], []), Ct)).Error),
        ["run.log-metric"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<RunLoggingService>().LogMetricAsync(t.Run, new MetricPoint("m", 2, 2, 1), Ct)).Error),
        ["run.log-param"] = new(AccessLevel.Update, async (s, t) => (await s.GetRequiredService<RunLoggingService>().LogParamAsync(t.Run, "p", "v", Ct)).Error),
        ["run.set-tag"] = new(AccessLevel.Update, async (s, t) => (await s.GetRequiredService<RunLoggingService>().SetTagAsync(t.Run, "t", "v", Ct)).Error),
        ["run.delete-tag"] = new(AccessLevel.Update, async (s, t) => (await s.GetRequiredService<RunService>().DeleteTagAsync(t.Run, "seed", Ct)).Error),
        ["run.log-inputs"] = new(AccessLevel.Update, async (s, t) => (await s.GetRequiredService<RunInputsService>().LogInputsAsync(t.Run, [], [], Ct)).Error),
        ["run.delete"] = new(AccessLevel.Delete, async (s, t) => (await s.GetRequiredService<RunService>().DeleteAsync(t.Run, Ct)).Error),
        ["run.get-history"] = new(AccessLevel.Read, async (s, t) =>
        {
            var opened = await s.GetRequiredService<MetricHistoryService>().OpenHistoryAsync(t.Run, "m", null, null, Ct);
            if (opened.IsSuccess)
                await opened.Value.DisposeAsync();
            return opened.Error;
        }),
        ["run.get-history-bulk"] = new(AccessLevel.Read, async (s, t) =>
            (await s.GetRequiredService<MetricHistoryService>().GetBulkIntervalAsync([t.Run], "m", null, null, 10, Ct)).Error),
        ["logged-model.create"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<LoggedModelService>().CreateAsync(new CreateLoggedModelRequest(t.Experiment, null, null, null, [], []), Ct)).Error),
        ["logged-model.get"] = new(AccessLevel.Read, async (s, t) => (await s.GetRequiredService<LoggedModelService>().GetAsync(t.Model, false, Ct)).Error),
        ["logged-model.finalize"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<LoggedModelService>().FinalizeAsync(t.Model, "READY", Ct)).Error),
        ["logged-model.set-tags"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<LoggedModelService>().SetTagsAsync(t.Model, [new KeyValue("k", "v")], Ct)).Error),
        ["logged-model.log-params"] = new(AccessLevel.Update, async (s, t) =>
            (await s.GetRequiredService<LoggedModelService>().LogParamsAsync(t.Model, [new KeyValue("p", "v")], Ct)).Error),
        ["logged-model.delete-tag"] = new(AccessLevel.Delete, async (s, t) =>
            (await s.GetRequiredService<LoggedModelService>().DeleteTagAsync(t.Model, "seed", Ct)).Error),
        ["logged-model.delete"] = new(AccessLevel.Delete, async (s, t) => (await s.GetRequiredService<LoggedModelService>().DeleteAsync(t.Model, Ct)).Error),
        ["run.restore"] = new(AccessLevel.Delete, async (s, t) => (await s.GetRequiredService<RunService>().RestoreAsync(t.Run, Ct)).Error),
    };

    public static TheoryData<string, Caller> Cases() => ServiceAccessWorld<TDb>.AllCases(Operations.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_what_the_policy_says(string operation, Caller caller)
    {
        var op = Operations[operation];
        var target = await ArrangeAsync();
        var error = await world.AsAsync(caller, s => op.Act(s, target));
        var expected = ServiceAccessWorld<TDb>.Expected(caller, op.Level, op.OnWorkspace);
        AssertCell(operation, caller, expected, error);
    }

    /// <summary>A fresh experiment, run and logged model (each with a tag), the explicit caller holding EDIT on the experiment.</summary>
    private async Task<Target> ArrangeAsync() => await world.AdminAsync(async s =>
    {
        var experiments = s.GetRequiredService<ExperimentService>();
        var experiment = Must(await experiments.CreateAsync($"m-{Guid.NewGuid():N}", null, [new KeyValue("seed", "x")], Ct));
        var run = Must(await s.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(experiment, "u", null, null, [new KeyValue("seed", "x")]), Ct));
        var model = Must(await s.GetRequiredService<LoggedModelService>().CreateAsync(
            new CreateLoggedModelRequest(experiment, null, null, null, [], [new KeyValue("seed", "x")]), Ct));
        await world.GrantExperimentAsync(experiment);
        return new Target(experiment, run.Info.RunId, model.ModelId);
    });
}

public sealed class TrackingPermissionMatrixTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : TrackingPermissionMatrixTests<SqliteDb>(w);

public sealed class TrackingPermissionMatrixTests_Postgres(ServiceAccessWorld<PostgresDb> w) : TrackingPermissionMatrixTests<PostgresDb>(w);

public sealed class TrackingPermissionMatrixTests_MySql(ServiceAccessWorld<MySqlDb> w) : TrackingPermissionMatrixTests<MySqlDb>(w);
