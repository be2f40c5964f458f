using Workspaces.Data.Entities;
using Workspaces.Data.Maintenance;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>gc deletes only trees that belong to what it removes; anything else is reported and left on storage.</summary>
public abstract class GcArtifactSafetyTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>, IDisposable
    where TDb : IDatabaseKind
{
    private GcWorld? _world;

    private GcWorld World => _world ??= new GcWorld(fixture.Services, fixture.Store);

    [Fact]
    public async Task An_unsupported_scheme_gets_mlflows_warning_and_the_rows_still_go()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var id = Guid.NewGuid().ToString("N");
        var run = await World.RunAsync(experiment, "deleted", World.Ago(1), uri: $"gs://bucket/path/{id}/artifacts", id: id);

        var (result, messages) = await World.GcAsync(new GcRequest { Workspace = ws });

        Assert.True(result.IsSuccess);
        var uri = run.ArtifactUri;
        Assert.Equal(
        [
            new GcMessage($"An exception InvalidUrlException(\"No artifact store serves '{uri}'\") was raised during the deletion of a model artifact", true),
            new GcMessage($"Unable to resolve the provided artifact URL: '{uri}'. The gc process will continue and bypass artifact deletion. "
                + "Please ensure that the artifact exists and consider manually deleting any unused artifacts. ", true),
            new GcMessage($"Run with ID {run.RunUuid} has been permanently deleted."),
        ], messages);
        Assert.Equal(0, await World.RunRowsAsync(run.RunUuid));
    }

    [Fact]
    public async Task A_tree_that_does_not_name_the_run_is_kept()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var run = await World.RunAsync(experiment, "deleted", World.Ago(1), uri: experiment.ArtifactLocation);

        var (result, messages) = await World.GcAsync(new GcRequest { Workspace = ws });

        Assert.True(result.IsSuccess);
        Assert.Equal(new GcMessage($"Artifacts of run {run.RunUuid} at '{experiment.ArtifactLocation}' were kept: "
            + $"the location does not name {run.RunUuid}, so it may hold more than its artifacts.", true), messages[0]);
        Assert.Equal(0, await World.RunRowsAsync(run.RunUuid));
        Assert.True(await World.ExistsAsync(experiment.ArtifactLocation!, "notes.txt"));
    }

    [Fact]
    public async Task A_workspace_folder_is_never_deleted()
    {
        var ws = await World.WorkspaceAsync();
        var experiment = await World.ExperimentAsync(ws);
        var id = Guid.NewGuid().ToString("N");
        // A run whose root is a whole workspace folder (workspace names may look like ids).
        var run = await World.RunAsync(experiment, "deleted", World.Ago(1), uri: $"mlflow-artifacts:/workspaces/{id}", id: id);

        var (result, messages) = await World.GcAsync(new GcRequest { Workspace = ws });

        Assert.True(result.IsSuccess);
        Assert.Equal(new GcMessage($"Artifacts of run {id} at 'mlflow-artifacts:/workspaces/{id}' were kept: it is a workspace folder of the artifacts destination.",
            true), messages[0]);
        Assert.True(await World.ExistsAsync(run.ArtifactUri!));
    }

    [Fact]
    public async Task An_experiment_folder_holding_another_experiments_artifacts_is_kept()
    {
        var ws = await World.WorkspaceAsync();
        var doomed = await World.ExperimentAsync(ws, "deleted", World.Ago(40));
        var nested = await World.ExperimentAsync(ws, location: doomed.ArtifactLocation + "/nested");

        var (result, messages) = await World.GcAsync(new GcRequest { Workspace = ws });

        Assert.True(result.IsSuccess);
        Assert.Equal(
        [
            new GcMessage($"Artifacts of experiment {doomed.ExperimentId} at '{doomed.ArtifactLocation}' were kept: "
                + $"it holds the artifacts of experiment {nested.ExperimentId}.", true),
            new GcMessage($"Experiment with ID {doomed.ExperimentId} has been permanently deleted."),
        ], messages);
        Assert.True(await World.ExistsAsync(nested.ArtifactLocation!, "notes.txt"));
    }

    [Fact]
    public async Task Files_of_a_registered_model_version_are_kept()
    {
        var ws = await World.WorkspaceAsync();
        var run = await World.RunAsync(await World.ExperimentAsync(ws), "deleted", World.Ago(1));
        var name = Names.Unique("rm");
        await using (var db = World.Db(ws))
        {
            var model = new RegisteredModel { Name = name, Workspace = ws };
            model.Versions.Add(new ModelVersion { Version = 1, Source = run.ArtifactUri + "/model", RunId = run.RunUuid });
            db.RegisteredModels.Add(model);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (result, messages) = await World.GcAsync(new GcRequest { Workspace = ws });

        Assert.True(result.IsSuccess);
        Assert.Equal(
        [
            new GcMessage($"Artifacts of run {run.RunUuid} at '{run.ArtifactUri}' were kept: it holds the files of version 1 of registered model '{name}'.", true),
            new GcMessage($"Run with ID {run.RunUuid} has been permanently deleted."),
        ], messages);
        Assert.True(await World.ExistsAsync(run.ArtifactUri!));
    }

    public void Dispose()
    {
        _world?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class GcArtifactSafetyTests_Sqlite(DataFixture<SqliteDb> f) : GcArtifactSafetyTests<SqliteDb>(f);

public sealed class GcArtifactSafetyTests_Postgres(DataFixture<PostgresDb> f) : GcArtifactSafetyTests<PostgresDb>(f);

public sealed class GcArtifactSafetyTests_MySql(DataFixture<MySqlDb> f) : GcArtifactSafetyTests<MySqlDb>(f);
