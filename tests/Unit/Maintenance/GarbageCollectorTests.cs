using Workspaces.Data.Maintenance;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>gc on runs, logged models and experiments: what goes (rows, children, files), what stays, and the age rules.</summary>
public abstract class GarbageCollectorTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>, IDisposable
    where TDb : IDatabaseKind
{
    private static readonly long Days30 = (long)TimeSpan.FromDays(30).TotalMilliseconds;
    private GcWorld? _world;

    private GcWorld World => _world ??= new GcWorld(fixture.Services, fixture.Store);

    private static GcRequest OlderThan30d(string workspace) => new() { OlderThan = "30d", OlderThanMs = Days30, Workspace = workspace };

    [Fact]
    public async Task Old_deleted_runs_go_with_rows_and_files_while_recent_deleted_and_active_runs_stay()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var old = await World.RunAsync(experiment, "deleted", World.Ago(40));
        var recent = await World.RunAsync(experiment, "deleted", World.Ago(5));
        var active = await World.RunAsync(experiment);

        var (result, messages) = await World.GcAsync(OlderThan30d(ws));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal([$"Run with ID {old.RunUuid} has been permanently deleted."], GcWorld.Lines(messages));
        Assert.Equal(0, await World.RunRowsAsync(old.RunUuid));
        Assert.False(await World.ExistsAsync(old.ArtifactUri!));
        Assert.Equal(8, await World.RunRowsAsync(recent.RunUuid));
        Assert.Equal(8, await World.RunRowsAsync(active.RunUuid));
        Assert.True(await World.ExistsAsync(recent.ArtifactUri!));
        Assert.True(await World.ExistsAsync(active.ArtifactUri!));
        Assert.True(await World.ExistsAsync(experiment.ArtifactLocation!, "notes.txt"));
    }

    [Fact]
    public async Task A_deleted_experiment_goes_with_all_its_runs_models_and_its_own_folder()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws, "deleted", World.Ago(40));
        var oldRun = await World.RunAsync(experiment, "deleted", World.Ago(40));
        var recentRun = await World.RunAsync(experiment, "deleted", World.Ago(1));
        var model = await World.LoggedModelAsync(experiment);
        var survivor = await World.ExperimentAsync(ws);
        var survivorRun = await World.RunAsync(survivor);

        var (result, messages) = await World.GcAsync(OlderThan30d(ws));

        Assert.True(result.IsSuccess, result.Error?.Message);
        var lines = GcWorld.Lines(messages);
        Assert.Equal(
            new[] { oldRun.RunUuid, recentRun.RunUuid }.Order(StringComparer.Ordinal).Select(id => $"Run with ID {id} has been permanently deleted."),
            lines.Take(2).Order(StringComparer.Ordinal));
        Assert.Equal([$"Logged model with ID {model.ModelId} has been permanently deleted.",
            $"Experiment with ID {experiment.ExperimentId} has been permanently deleted."], lines.Skip(2));
        Assert.False(await World.ExperimentExistsAsync(experiment.ExperimentId));
        Assert.False(await World.LoggedModelExistsAsync(model.ModelId));
        Assert.Equal(0, await World.RunRowsAsync(recentRun.RunUuid));
        Assert.False(await World.ExistsAsync(experiment.ArtifactLocation!, "notes.txt"));
        Assert.False(await World.ExistsAsync(recentRun.ArtifactUri!));
        Assert.False(await World.ExistsAsync(model.ArtifactLocation!));
        Assert.True(await World.ExistsAsync(survivorRun.ArtifactUri!));
        Assert.Equal(8, await World.RunRowsAsync(survivorRun.RunUuid));
    }

    [Fact]
    public async Task A_recently_deleted_experiment_waits_until_it_is_old_enough()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws, "deleted", World.Ago(5));
        var run = await World.RunAsync(experiment, "deleted", World.Ago(5));

        var (first, firstMessages) = await World.GcAsync(OlderThan30d(ws));
        Assert.True(first.IsSuccess);
        Assert.Empty(firstMessages);
        Assert.True(await World.ExperimentExistsAsync(experiment.ExperimentId));

        World.Clock.Now += TimeSpan.FromDays(26);
        var (second, secondMessages) = await World.GcAsync(OlderThan30d(ws));
        Assert.True(second.IsSuccess);
        Assert.Equal([$"Run with ID {run.RunUuid} has been permanently deleted.", $"Experiment with ID {experiment.ExperimentId} has been permanently deleted."],
            GcWorld.Lines(secondMessages));
    }

    [Fact]
    public async Task Without_older_than_everything_deleted_goes_and_deleted_models_too()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var run = await World.RunAsync(experiment, "deleted", World.Clock.NowMs);
        var model = await World.LoggedModelAsync(experiment, "deleted", World.Clock.NowMs);
        var activeModel = await World.LoggedModelAsync(experiment);

        var (result, messages) = await World.GcAsync(new GcRequest { Workspace = ws });

        Assert.True(result.IsSuccess);
        Assert.Equal([$"Run with ID {run.RunUuid} has been permanently deleted.", $"Logged model with ID {model.ModelId} has been permanently deleted."],
            GcWorld.Lines(messages));
        Assert.False(await World.ExistsAsync(model.ArtifactLocation!));
        Assert.True(await World.ExistsAsync(activeModel.ArtifactLocation!));
        Assert.True(await World.ExperimentExistsAsync(experiment.ExperimentId));
    }

    [Fact]
    public async Task Every_workspace_by_default_one_with_workspace()
    {
        var (a, b) = (await World.WorkspaceAsync(), await World.WorkspaceAsync());
        var runA = await World.RunAsync(await World.ExperimentAsync(a), "deleted", World.Ago(40));
        var runB = await World.RunAsync(await World.ExperimentAsync(b), "deleted", World.Ago(40));

        var (_, onlyA) = await World.GcAsync(OlderThan30d(a));
        Assert.Equal([$"Run with ID {runA.RunUuid} has been permanently deleted."], GcWorld.Lines(onlyA));
        Assert.True(await World.ExistsAsync(runB.ArtifactUri!));

        var (_, all) = await World.GcAsync(OlderThan30d(a) with { Workspace = null });
        Assert.Contains($"Run with ID {runB.RunUuid} has been permanently deleted.", GcWorld.Lines(all));
        Assert.False(await World.ExistsAsync(runB.ArtifactUri!));
    }

    [Fact]
    public async Task An_unknown_workspace_is_not_found()
    {
        var (result, _) = await World.GcAsync(new GcRequest { Workspace = "no-such-gc-workspace" });
        Assert.Equal("Workspace 'no-such-gc-workspace' not found", result.Error!.Message);
    }

    [Fact]
    public async Task Explicit_run_ids_remove_only_those_runs()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var chosen = await World.RunAsync(experiment, "deleted", World.Ago(1));
        var other = await World.RunAsync(experiment, "deleted", World.Ago(40));
        var deletedExperiment = await World.ExperimentAsync(ws, "deleted", World.Ago(40));

        var (result, messages) = await World.GcAsync(new GcRequest { RunIds = [chosen.RunUuid], Workspace = ws });

        Assert.True(result.IsSuccess);
        Assert.Equal([$"Run with ID {chosen.RunUuid} has been permanently deleted."], GcWorld.Lines(messages));
        Assert.Equal(8, await World.RunRowsAsync(other.RunUuid));
        Assert.True(await World.ExperimentExistsAsync(deletedExperiment.ExperimentId));
    }

    [Fact]
    public async Task An_active_run_id_is_refused_before_anything_is_deleted()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var deleted = await World.RunAsync(experiment, "deleted", World.Ago(40));
        var active = await World.RunAsync(experiment);

        var (result, messages) = await World.GcAsync(new GcRequest { RunIds = [deleted.RunUuid, active.RunUuid] });

        Assert.Equal($"Run {active.RunUuid} is not in `deleted` lifecycle stage. Only runs in `deleted` lifecycle stage can be deleted.", result.Error!.Message);
        Assert.Empty(messages);
        Assert.Equal(8, await World.RunRowsAsync(deleted.RunUuid));
        Assert.True(await World.ExistsAsync(deleted.ArtifactUri!));
    }

    [Fact]
    public async Task A_run_id_too_recent_for_older_than_is_refused_but_goes_without_it()
    {
        var ws = await World.WorkspaceAsync();
        var run = await World.RunAsync(await World.ExperimentAsync(ws), "deleted", World.Ago(2));

        var (refused, _) = await World.GcAsync(OlderThan30d(ws) with { RunIds = [run.RunUuid] });
        Assert.Equal($"Run {run.RunUuid} is not older than the required age. Only runs older than 30d can be deleted.", refused.Error!.Message);

        var (accepted, messages) = await World.GcAsync(new GcRequest { RunIds = [run.RunUuid] });
        Assert.True(accepted.IsSuccess);
        Assert.Equal([$"Run with ID {run.RunUuid} has been permanently deleted."], GcWorld.Lines(messages));
    }

    [Fact]
    public async Task Unknown_and_foreign_run_ids_are_not_found()
    {
        var (a, b) = (await World.WorkspaceAsync(), await World.WorkspaceAsync());
        var run = await World.RunAsync(await World.ExperimentAsync(a), "deleted", World.Ago(40));

        var (unknown, _) = await World.GcAsync(new GcRequest { RunIds = ["0123456789abcdef0123456789abcdef"] });
        Assert.Equal("Run with id=0123456789abcdef0123456789abcdef not found", unknown.Error!.Message);
        var (foreign, _) = await World.GcAsync(new GcRequest { RunIds = [run.RunUuid], Workspace = b });
        Assert.Equal($"Run with id={run.RunUuid} not found", foreign.Error!.Message);
        Assert.Equal(8, await World.RunRowsAsync(run.RunUuid));
    }

    [Fact]
    public async Task Experiment_ids_are_checked_with_mlflows_messages()
    {
        var ws = await World.WorkspaceAsync();
        var active = await World.ExperimentAsync(ws);
        var recent = await World.ExperimentAsync(ws, "deleted", World.Ago(3));
        var old = await World.ExperimentAsync(ws, "deleted", World.Ago(40));

        var (notDeleted, _) = await World.GcAsync(new GcRequest { ExperimentIds = [$"{old.ExperimentId}", $"{active.ExperimentId}"] });
        Assert.Equal($"Experiments ['{active.ExperimentId}'] are not in the deleted lifecycle stage. "
            + "Only experiments in the deleted lifecycle stage can be hard-deleted.", notDeleted.Error!.Message);
        var (notOld, _) = await World.GcAsync(OlderThan30d(ws) with { ExperimentIds = [$"{old.ExperimentId}", $"{recent.ExperimentId}"] });
        Assert.Equal($"Experiments ['{recent.ExperimentId}'] are not older than the required age. Only experiments older than 30d can be deleted.",
            notOld.Error!.Message);
        var (bad, _) = await World.GcAsync(new GcRequest { ExperimentIds = ["abc"] });
        Assert.Equal("Invalid experiment ID 'abc'. Experiment ID must be a valid integer.", bad.Error!.Message);
        var (unknown, _) = await World.GcAsync(new GcRequest { ExperimentIds = ["987654321"] });
        Assert.Equal("No Experiment with id=987654321 exists", unknown.Error!.Message);
        Assert.True(await World.ExperimentExistsAsync(old.ExperimentId));

        var (done, messages) = await World.GcAsync(OlderThan30d(ws) with { ExperimentIds = [$"{old.ExperimentId}"] });
        Assert.True(done.IsSuccess);
        Assert.Equal([$"Experiment with ID {old.ExperimentId} has been permanently deleted."], GcWorld.Lines(messages));
        Assert.True(await World.ExperimentExistsAsync(recent.ExperimentId));
    }

    [Fact]
    public async Task Logged_model_ids_are_checked_with_mlflows_messages()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var active = await World.LoggedModelAsync(experiment);
        var recent = await World.LoggedModelAsync(experiment, "deleted", World.Ago(1));

        var (notDeleted, _) = await World.GcAsync(new GcRequest { LoggedModelIds = [active.ModelId] });
        Assert.Equal($"Logged model {active.ModelId} is not in `deleted` lifecycle stage. Only logged models in `deleted` lifecycle stage can be deleted.",
            notDeleted.Error!.Message);
        var (notOld, _) = await World.GcAsync(OlderThan30d(ws) with { LoggedModelIds = [recent.ModelId] });
        Assert.Equal($"Logged model {recent.ModelId} is not older than the required age. Only logged models older than 30d can be deleted.",
            notOld.Error!.Message);
        var (unknown, _) = await World.GcAsync(new GcRequest { LoggedModelIds = ["m-nothing"] });
        Assert.Equal("Logged model with ID 'm-nothing' not found.", unknown.Error!.Message);

        var (done, messages) = await World.GcAsync(new GcRequest { LoggedModelIds = [recent.ModelId] });
        Assert.True(done.IsSuccess);
        Assert.Equal([$"Logged model with ID {recent.ModelId} has been permanently deleted."], GcWorld.Lines(messages));
        Assert.False(await World.ExistsAsync(recent.ArtifactLocation!));
        Assert.True(await World.ExistsAsync(active.ArtifactLocation!));
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class GarbageCollectorTests_Sqlite(DataFixture<SqliteDb> f) : GarbageCollectorTests<SqliteDb>(f);

public sealed class GarbageCollectorTests_Postgres(DataFixture<PostgresDb> f) : GarbageCollectorTests<PostgresDb>(f);

public sealed class GarbageCollectorTests_MySql(DataFixture<MySqlDb> f) : GarbageCollectorTests<MySqlDb>(f);
