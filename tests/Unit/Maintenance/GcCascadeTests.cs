using Workspaces.Data.Entities;
using Workspaces.Data.Maintenance;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>A CASCADE workspace delete leaves tombstones for the files it orphans; gc removes those trees and only those.</summary>
public abstract class GcCascadeTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>, IDisposable
    where TDb : IDatabaseKind
{
    private GcWorld? _world;

    private GcWorld World => _world ??= new GcWorld(fixture.Services, fixture.Store);

    [Fact]
    public async Task Cascade_records_experiment_trees_and_the_roots_outside_them()
    {
        var ws = await World.WorkspaceAsync();
        var first = await World.ExperimentAsync(ws);
        var second = await World.ExperimentAsync(ws, "deleted", World.Ago(3));
        await World.RunAsync(first);
        await World.LoggedModelAsync(first);
        var outsideId = Guid.NewGuid().ToString("N");
        var outside = await World.RunAsync(second, uri: $"mlflow-artifacts:/elsewhere/{outsideId}/artifacts", id: outsideId);

        await World.DeleteWorkspaceAsync(ws);

        var tombstones = await World.TombstonesAsync(ws);
        Assert.Equal(
            new[]
            {
                (ArtifactTombstone.ExperimentType, $"{first.ExperimentId}", first.ArtifactLocation),
                (ArtifactTombstone.ExperimentType, $"{second.ExperimentId}", second.ArtifactLocation),
                (ArtifactTombstone.RunType, outside.RunUuid, outside.ArtifactUri),
            }.Order(),
            tombstones.Select(t => (t.EntityType, t.EntityId, (string?)t.Uri)).Order());
        Assert.All(tombstones, t => Assert.InRange(t.DeletedTime, World.Clock.NowMs - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        Assert.True(await World.ExistsAsync(outside.ArtifactUri!));
        Assert.True(await World.ExistsAsync(first.ArtifactLocation!, "notes.txt"));
    }

    [Fact]
    public async Task Gc_removes_the_orphaned_trees_and_keeps_a_recreated_workspaces_files_and_other_workspaces()
    {
        var ws = await World.WorkspaceAsync();
        var other = await World.WorkspaceAsync();
        var gone = await World.ExperimentAsync(ws);
        var goneRun = await World.RunAsync(gone);
        var outsideId = Guid.NewGuid().ToString("N");
        var outside = await World.RunAsync(gone, uri: $"mlflow-artifacts:/elsewhere/{outsideId}/artifacts", id: outsideId);
        var otherRun = await World.RunAsync(await World.ExperimentAsync(other));
        await World.DeleteWorkspaceAsync(ws);
        await World.CreateWorkspaceAsync(ws);
        var fresh = await World.ExperimentAsync(ws);
        var freshRun = await World.RunAsync(fresh);
        // The delete stamped its tombstones with the real clock, after the test clock's start.
        World.Clock.Now = DateTimeOffset.UtcNow;

        var (result, messages) = await World.GcAsync(new GcRequest());

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Contains(new GcMessage($"Artifacts of experiment {gone.ExperimentId} of deleted workspace '{ws}' at '{gone.ArtifactLocation}' have been permanently deleted."),
            messages);
        Assert.Contains(new GcMessage($"Artifacts of run {outside.RunUuid} of deleted workspace '{ws}' at '{outside.ArtifactUri}' have been permanently deleted."),
            messages);
        Assert.DoesNotContain(messages, m => m.IsWarning && m.Text.Contains(ws, StringComparison.Ordinal));
        Assert.False(await World.ExistsAsync(goneRun.ArtifactUri!));
        Assert.False(await World.ExistsAsync(outside.ArtifactUri!));
        Assert.True(await World.ExistsAsync(freshRun.ArtifactUri!));
        Assert.True(await World.ExistsAsync(fresh.ArtifactLocation!, "notes.txt"));
        Assert.True(await World.ExistsAsync(otherRun.ArtifactUri!));
        Assert.Empty(await World.TombstonesAsync(ws));
    }

    [Fact]
    public async Task Gc_removes_the_emptied_workspace_folder_but_not_one_a_recreated_workspace_uses()
    {
        var gone = await World.WorkspaceAsync();
        var recreated = await World.WorkspaceAsync();
        await World.ExperimentAsync(gone);
        await World.ExperimentAsync(recreated);
        await World.DeleteWorkspaceAsync(gone);
        await World.DeleteWorkspaceAsync(recreated);
        await World.CreateWorkspaceAsync(recreated);
        var fresh = await World.ExperimentAsync(recreated);
        World.Clock.Now = DateTimeOffset.UtcNow;
        string Folder(string ws) => Path.Combine(World.Settings.ArtifactsDestination, "workspaces", ws);
        Assert.True(Directory.Exists(Folder(gone)));

        var (result, _) = await World.GcAsync(new GcRequest());

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.False(Directory.Exists(Folder(gone)));
        Assert.True(Directory.Exists(Folder(recreated)));
        Assert.True(await World.ExistsAsync(fresh.ArtifactLocation!, "notes.txt"));
        Assert.True(Directory.Exists(Path.Combine(World.Settings.ArtifactsDestination, "workspaces")));
    }

    [Fact]
    public async Task Tombstones_wait_for_older_than()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        await World.DeleteWorkspaceAsync(ws);
        var oneDay = new GcRequest { OlderThan = "1d", OlderThanMs = (long)TimeSpan.FromDays(1).TotalMilliseconds, Workspace = ws };

        var (early, earlyMessages) = await World.GcAsync(oneDay);
        Assert.True(early.IsSuccess, early.Error?.Message);
        Assert.Empty(earlyMessages);
        Assert.Single(await World.TombstonesAsync(ws));
        Assert.True(await World.ExistsAsync(experiment.ArtifactLocation!, "notes.txt"));

        World.Clock.Now += TimeSpan.FromDays(2);
        var (late, lateMessages) = await World.GcAsync(oneDay);
        Assert.True(late.IsSuccess);
        Assert.Single(lateMessages);
        Assert.Empty(await World.TombstonesAsync(ws));
        Assert.False(await World.ExistsAsync(experiment.ArtifactLocation!, "notes.txt"));
    }

    [Fact]
    public async Task Explicit_ids_leave_tombstones_alone()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var keeper = await World.WorkspaceAsync();
        var deleted = await World.ExperimentAsync(keeper, "deleted", World.Ago(1));
        await World.DeleteWorkspaceAsync(ws);

        var (result, messages) = await World.GcAsync(new GcRequest { ExperimentIds = [$"{deleted.ExperimentId}"] });

        Assert.True(result.IsSuccess);
        Assert.Equal([$"Experiment with ID {deleted.ExperimentId} has been permanently deleted."], GcWorld.Lines(messages));
        Assert.Single(await World.TombstonesAsync(ws));
        Assert.True(await World.ExistsAsync(experiment.ArtifactLocation!, "notes.txt"));
    }

    [Theory]
    [InlineData("RESTRICT")]
    [InlineData("SET_DEFAULT")]
    public async Task Other_delete_modes_record_no_tombstones(string mode)
    {
        var ws = await World.WorkspaceAsync();
        if (mode == "SET_DEFAULT")
            await World.ExperimentAsync(ws);
        await World.DeleteWorkspaceAsync(ws, mode);
        Assert.Empty(await World.TombstonesAsync(ws));
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class GcCascadeTests_Sqlite(DataFixture<SqliteDb> f) : GcCascadeTests<SqliteDb>(f);

public sealed class GcCascadeTests_Postgres(DataFixture<PostgresDb> f) : GcCascadeTests<PostgresDb>(f);

public sealed class GcCascadeTests_MySql(DataFixture<MySqlDb> f) : GcCascadeTests<MySqlDb>(f);
