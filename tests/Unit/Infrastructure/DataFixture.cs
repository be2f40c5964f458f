using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Common;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// The data layer wired as the host wires it, on a fresh database of kind <typeparamref name="TDb"/>.
/// Tests open a scope per simulated request with <see cref="Scope"/>.
/// </summary>
public sealed class DataFixture<TDb> : IAsyncLifetime
    where TDb : IDatabaseKind
{
    private ITestDatabase? _database;
    private ServiceProvider? _services;

    // Proxied artifacts, the shipped default, into a directory of this fixture: files a test writes through
    // ArtifactService stay apart from other fixtures' and go away with it.
    private readonly DirectoryInfo _artifacts = Directory.CreateTempSubdirectory("ws-data-artifacts-");

    public ServerSettings Settings { get; }

    public DataFixture() => Settings = new() { DefaultArtifactRoot = "mlflow-artifacts:/", ArtifactsDestination = _artifacts.FullName };

    public ServiceProvider Services => _services ?? throw Unavailable();

    public StoreConnection Store => Services.GetRequiredService<StoreConnection>();

    public async ValueTask InitializeAsync()
    {
        _database = await TDb.CreateAsync();
        if (_database is null)
            return;
        var location = StoreUri.Parse(_database.StoreUri, workspacesEnabled: true).Value;
        var services = new ServiceCollection();
        services.AddSingleton(Settings);
        services.AddSingleton(new StoreConnection(location));
        services.AddWorkspacesData();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var initialized = await _services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        if (!initialized.IsSuccess)
            throw new InvalidOperationException(initialized.Error!.Message);
    }

    /// <summary>A DI scope bound to <paramref name="workspace"/>, like one API request.</summary>
    public AsyncServiceScope Scope(string workspace = WorkspaceNames.Default)
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Bind(workspace);
        return scope;
    }

    /// <summary>A context filtered to <paramref name="workspace"/>, for arranging and inspecting rows.</summary>
    public TrackingDbContext Db(string workspace = WorkspaceNames.Default)
    {
        var context = new WorkspaceContext();
        context.Bind(workspace);
        return Store.CreateContext(context);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        _artifacts.Delete(recursive: true);
    }

    private static InvalidOperationException Unavailable()
    {
        Assert.Skip($"{TDb.Name} is not available here ({TDb.Requirement}); under CI=true this fails instead.");
        return new InvalidOperationException();
    }
}

public static class DbContextTestExtensions
{
    /// <summary>Inserts an experiment row directly (the tracking API arrives with its own issue).</summary>
    public static async Task<long> AddExperimentAsync(this TrackingDbContext db, string workspace, string name, string stage = "active")
    {
        var experiment = new Workspaces.Data.Entities.Experiment { Name = name, Workspace = workspace, LifecycleStage = stage, CreationTime = 1, LastUpdateTime = 1 };
        experiment.Tags.Add(new Workspaces.Data.Entities.ExperimentTag { Key = "k", Value = "v" });
        db.Experiments.Add(experiment);
        await db.SaveChangesAsync();
        return experiment.ExperimentId;
    }

    public static Task<int> CountAllExperimentsAsync(this TrackingDbContext db, string workspace) =>
        db.Experiments.IgnoreQueryFilters().CountAsync(e => e.Workspace == workspace);
}
