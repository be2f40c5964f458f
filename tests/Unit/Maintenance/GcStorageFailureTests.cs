using Workspaces.Data.Artifacts;
using Workspaces.Data.Maintenance;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>
/// Storage fails in the middle of gc: it stops with "gc stopped: …", what it deleted stays deleted, nothing it
/// did not reach is touched, and the next gc finishes the job (files go before rows, so no row outlives nothing).
/// </summary>
public abstract class GcStorageFailureTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>, IDisposable
    where TDb : IDatabaseKind
{
    private GcWorld? _world;

    private GcWorld World => _world ??= new GcWorld(fixture.Services, fixture.Store);

    [Fact]
    public async Task A_failed_delete_stops_gc_with_its_message_and_the_next_gc_finishes()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var first = await World.RunAsync(experiment, "deleted", World.Ago(40));
        var second = await World.RunAsync(experiment, "deleted", World.Ago(40));
        var request = new GcRequest { Workspace = ws };
        var failing = new FailingDeletes(World.Stores, failAfter: 1);

        var (stopped, stoppedMessages) = await World.GcAsync(request, failing);

        Assert.False(stopped.IsSuccess);
        Assert.Equal("gc stopped: disk went away", stopped.Error!.Message);
        Assert.Empty(stoppedMessages);
        Assert.Equal(1, failing.Deleted);
        // The batch's rows were not deleted: one tree is gone, but both runs are still there for the next gc.
        Assert.Equal(8, await World.RunRowsAsync(first.RunUuid));
        Assert.Equal(8, await World.RunRowsAsync(second.RunUuid));
        Assert.Equal(1, (await World.ExistsAsync(first.ArtifactUri!) ? 1 : 0) + (await World.ExistsAsync(second.ArtifactUri!) ? 1 : 0));

        var (finished, messages) = await World.GcAsync(request);

        Assert.True(finished.IsSuccess, finished.Error?.Message);
        Assert.Equal(
            new[] { first.RunUuid, second.RunUuid }.Order(StringComparer.Ordinal).Select(id => $"Run with ID {id} has been permanently deleted."),
            GcWorld.Lines(messages).Order(StringComparer.Ordinal));
        Assert.Equal(0, await World.RunRowsAsync(first.RunUuid));
        Assert.Equal(0, await World.RunRowsAsync(second.RunUuid));
        Assert.False(await World.ExistsAsync(first.ArtifactUri!));
        Assert.False(await World.ExistsAsync(second.ArtifactUri!));
        Assert.True(await World.ExistsAsync(experiment.ArtifactLocation!, "notes.txt"));
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The world's stores, except that every delete after the first <c>failAfter</c> throws as a full or vanished disk would.</summary>
    private sealed class FailingDeletes(IArtifactStoreFactory inner, int failAfter) : IArtifactStoreFactory
    {
        public int Deleted { get; private set; }

        private int FailAfter { get; } = failAfter;

        public IArtifactStore Destination => Wrap(inner.Destination);

        public IArtifactStore? ForUri(string uri) => inner.ForUri(uri) is { } store ? Wrap(store) : null;

        private Store Wrap(IArtifactStore store) => new(store, this);

        private sealed class Store(IArtifactStore store, FailingDeletes owner) : IArtifactStore
        {
            public string Location => store.Location;

            public Task<ArtifactFile?> OpenReadAsync(string path, CancellationToken ct) => store.OpenReadAsync(path, ct);

            public Task WriteAsync(string path, Stream content, long? length, CancellationToken ct) => store.WriteAsync(path, content, length, ct);

            public Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken ct) => store.ListAsync(directory, ct);

            public IAsyncEnumerable<(string Path, long Size)> WalkAsync(string directory, CancellationToken ct) => store.WalkAsync(directory, ct);

            public async Task DeleteAsync(string path, CancellationToken ct)
            {
                if (owner.Deleted >= owner.FailAfter)
                    throw new IOException("disk went away");
                await store.DeleteAsync(path, ct);
                owner.Deleted++;
            }
        }
    }
}

public sealed class GcStorageFailureTests_Sqlite(DataFixture<SqliteDb> f) : GcStorageFailureTests<SqliteDb>(f);

public sealed class GcStorageFailureTests_Postgres(DataFixture<PostgresDb> f) : GcStorageFailureTests<PostgresDb>(f);

public sealed class GcStorageFailureTests_MySql(DataFixture<MySqlDb> f) : GcStorageFailureTests<MySqlDb>(f);
