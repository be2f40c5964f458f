using Microsoft.Data.Sqlite;
using Workspaces.Data;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>The real <c>gc</c> command as an operator runs it: flags, output lines, exit codes.</summary>
public sealed class GcProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ws-gc-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Uri => $"sqlite:///{Path.Combine(_directory, "gc.db")}";

    private async Task<GcWorld> WorldAsync()
    {
        var store = new StoreConnection(StoreUri.Parse(Uri, workspacesEnabled: true).Value);
        var initialized = await new DatabaseInitializer(store, new ServerSettings(), TimeProvider.System).InitializeAsync(Ct);
        Assert.True(initialized.IsSuccess, initialized.Error?.Message);
        return new GcWorld(null, store);
    }

    private static List<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    [Fact]
    public async Task Gc_removes_what_was_deleted_and_prints_mlflows_lines()
    {
        using var world = await WorldAsync();
        var experiment = await world.ExperimentAsync("default", "deleted", world.Ago(1));
        var run = await world.RunAsync(experiment, "deleted", world.Ago(1));
        var kept = await world.RunAsync(await world.ExperimentAsync("default"));
        SqliteConnection.ClearAllPools();

        await using var gc = ServerProcess.Start(["gc", "--older-than", "0s", "--backend-store-uri", Uri,
            "--artifacts-destination", world.Settings.ArtifactsDestination]);

        Assert.Equal(0, await gc.WaitForExitAsync());
        Assert.Equal([$"Run with ID {run.RunUuid} has been permanently deleted.", $"Experiment with ID {experiment.ExperimentId} has been permanently deleted."],
            Lines(gc.Stdout));
        Assert.Empty(Lines(gc.Stderr));
        Assert.False(await world.ExperimentExistsAsync(experiment.ExperimentId));
        Assert.False(await world.ExistsAsync(run.ArtifactUri!));
        Assert.False(Directory.Exists(Path.Combine(world.Settings.ArtifactsDestination, $"{experiment.ExperimentId}")));
        Assert.True(await world.ExistsAsync(kept.ArtifactUri!));
    }

    [Fact]
    public async Task Errors_are_one_line_with_a_non_zero_exit_code()
    {
        using var world = await WorldAsync();
        var active = await world.RunAsync(await world.ExperimentAsync("default"));
        SqliteConnection.ClearAllPools();

        await using (var badAge = ServerProcess.Start(["gc", "--older-than", "2h1d", "--backend-store-uri", Uri]))
        {
            Assert.Equal(2, await badAge.WaitForExitAsync());
            Assert.Equal(["error: Could not parse any time information from '2h1d'. Examples of valid strings: '8h', '2d8h5m20s', '2m4s'"], Lines(badAge.Stderr));
        }
        await using (var activeRun = ServerProcess.Start(["gc", "--run-ids", active.RunUuid, "--backend-store-uri", Uri,
            "--artifacts-destination", world.Settings.ArtifactsDestination]))
        {
            Assert.Equal(1, await activeRun.WaitForExitAsync());
            Assert.Equal([$"error: Run {active.RunUuid} is not in `deleted` lifecycle stage. Only runs in `deleted` lifecycle stage can be deleted."],
                Lines(activeRun.Stderr));
            Assert.Empty(Lines(activeRun.Stdout));
        }
        Assert.Equal(8, await world.RunRowsAsync(active.RunUuid));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
