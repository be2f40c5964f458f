using Workspaces.Data.Maintenance;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>gc with the artifacts destination in S3 (moto): object trees go, others stay.</summary>
public sealed class GcS3Tests(MotoS3Server moto, DataFixture<SqliteDb> fixture) : IClassFixture<MotoS3Server>, IClassFixture<DataFixture<SqliteDb>>
{
    [Fact]
    public async Task A_deleted_experiments_objects_go_and_an_active_ones_stay()
    {
        var endpoint = moto.RequireEndpoint();
        using var world = new GcWorld(fixture.Services, fixture.Store, $"s3://{moto.Bucket}/gc-{Guid.NewGuid():N}", e => moto.CreateClient(e), endpoint);
        var ws = await world.WorkspaceAsync();
        var doomed = await world.ExperimentAsync(ws, "deleted", world.Ago(2));
        var run = await world.RunAsync(doomed, "deleted", world.Ago(2));
        var kept = await world.RunAsync(await world.ExperimentAsync(ws));

        var (result, messages) = await world.GcAsync(new GcRequest { Workspace = ws });

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal([$"Run with ID {run.RunUuid} has been permanently deleted.", $"Experiment with ID {doomed.ExperimentId} has been permanently deleted."],
            GcWorld.Lines(messages));
        Assert.False(await world.ExistsAsync(run.ArtifactUri!));
        Assert.False(await world.ExistsAsync(doomed.ArtifactLocation!, "notes.txt"));
        Assert.True(await world.ExistsAsync(kept.ArtifactUri!));
    }
}
