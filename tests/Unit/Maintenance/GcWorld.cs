using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Maintenance;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Maintenance;

/// <summary>A clock the test moves; gc reads "now" from it.</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public long NowMs => Now.ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// One test's world for gc: rows inserted directly (with the artifact URIs the services would generate), one file
/// per artifact tree, and a <see cref="GarbageCollector"/> on the fixture's database with its own artifacts destination.
/// </summary>
public sealed class GcWorld : IDisposable
{
    public const string FileName = "model.pkl";
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly IServiceProvider? _services;
    private readonly StoreConnection _store;
    private readonly ArtifactStoreFactory _stores;
    private readonly string? _localDestination;

    /// <param name="services">The fixture's data services (workspace create/delete); null when a test needs none.</param>
    /// <param name="store">The database gc and the arrangements work on.</param>
    /// <param name="destination">An s3:// destination, or null for a fresh local temp directory.</param>
    /// <param name="s3">Creates the S3 client for an endpoint (moto in tests).</param>
    /// <param name="s3Endpoint">The S3 endpoint URL, with <paramref name="s3"/>.</param>
    public GcWorld(IServiceProvider? services, StoreConnection store, string? destination = null,
        Func<string?, Amazon.S3.IAmazonS3>? s3 = null, string? s3Endpoint = null)
    {
        _services = services;
        _store = store;
        _localDestination = destination is null ? Directory.CreateTempSubdirectory("ws-gc-").FullName : null;
        Settings = new ServerSettings { DefaultArtifactRoot = "mlflow-artifacts:/", ArtifactsDestination = destination ?? _localDestination!, S3EndpointUrl = s3Endpoint };
        _stores = new ArtifactStoreFactory(Settings, s3, _ => null);
    }

    public ServerSettings Settings { get; }

    public ManualClock Clock { get; } = new();

    public IArtifactStoreFactory Stores => _stores;

    /// <summary>Epoch milliseconds <paramref name="days"/> before the clock's now.</summary>
    public long Ago(double days) => (Clock.Now - (Day * days)).ToUnixTimeMilliseconds();

    /// <param name="request">The gc options.</param>
    /// <param name="stores">Stands in for the world's stores (e.g. one whose deletes fail); null for the world's own.</param>
    public async Task<(Result<GcSummary> Result, List<GcMessage> Messages)> GcAsync(GcRequest request, IArtifactStoreFactory? stores = null)
    {
        var messages = new List<GcMessage>();
        var collector = new GarbageCollector(_store, stores ?? _stores, Settings, Clock);
        var result = await collector.RunAsync(request, messages.Add, TestContext.Current.CancellationToken);
        return (result, messages);
    }

    public static List<string> Lines(IEnumerable<GcMessage> messages) => messages.Select(m => m.Text).ToList();

    public async Task<string> WorkspaceAsync(string prefix = "gc")
    {
        var name = Names.Unique(prefix);
        await CreateWorkspaceAsync(name);
        return name;
    }

    public async Task CreateWorkspaceAsync(string name)
    {
        await using var scope = _services!.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(new CreateWorkspace(name), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
    }

    public async Task DeleteWorkspaceAsync(string name, string mode = "CASCADE")
    {
        await using var scope = _services!.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().DeleteAsync(name, mode, Ct);
        Assert.True(deleted.IsSuccess, deleted.Error?.Message);
    }

    /// <summary>An experiment at <c>mlflow-artifacts:/workspaces/&lt;ws&gt;/&lt;id&gt;</c> (or <paramref name="location"/>), with a file.</summary>
    public async Task<Experiment> ExperimentAsync(string workspace, string stage = "active", long? lastUpdate = null, string? location = null)
    {
        await using var db = Db(workspace);
        var experiment = new Experiment { Name = Names.Unique("exp"), Workspace = workspace, LifecycleStage = stage, CreationTime = 1, LastUpdateTime = lastUpdate ?? Clock.NowMs };
        experiment.Tags.Add(new ExperimentTag { Key = "k", Value = "v" });
        db.Experiments.Add(experiment);
        await db.SaveChangesAsync(Ct);
        experiment.ArtifactLocation = location ?? ArtifactUri.Append(workspace == WorkspaceNames.Default ? "mlflow-artifacts:/" : $"mlflow-artifacts:/workspaces/{workspace}",
            experiment.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(Ct);
        await WriteAsync(experiment.ArtifactLocation, "notes.txt");
        return experiment;
    }

    /// <summary>A run with a metric, a param, a tag, a dataset input and a model link, and a file under its artifact URI.</summary>
    public async Task<Run> RunAsync(Experiment experiment, string stage = "active", long? deletedTime = null, string? uri = null, string? id = null)
    {
        await using var db = Db(experiment.Workspace);
        id ??= Guid.NewGuid().ToString("N");
        var run = new Run
        {
            RunUuid = id, ExperimentId = experiment.ExperimentId, LifecycleStage = stage, DeletedTime = deletedTime, StartTime = 1,
            ArtifactUri = uri ?? ArtifactUri.Append(experiment.ArtifactLocation!, id, "artifacts"),
        };
        db.Runs.Add(run);
        db.Metrics.Add(new Metric { RunUuid = id, Key = "loss", Value = 0.5, Timestamp = 1, Step = 0 });
        db.LatestMetrics.Add(new LatestMetric { RunUuid = id, Key = "loss", Value = 0.5, Timestamp = 1, Step = 0 });
        db.Params.Add(new Param { RunUuid = id, Key = "lr", Value = "0.1" });
        db.RunTags.Add(new RunTag { RunUuid = id, Key = "t", Value = "v" });
        var dataset = new Dataset { DatasetUuid = Guid.NewGuid().ToString(), ExperimentId = experiment.ExperimentId, Name = id, Digest = "d", SourceType = "local", Source = "{}" };
        db.Datasets.Add(dataset);
        var input = new RunDatasetInput { RunUuid = id, DatasetUuid = dataset.DatasetUuid };
        input.Tags.Add(new InputTag { RunUuid = id, DatasetUuid = dataset.DatasetUuid, Key = "mlflow.data.context", Value = "train" });
        db.RunDatasetInputs.Add(input);
        db.RunModelLinks.Add(new RunModelLink { RunUuid = id, ModelId = "m-" + id, Direction = RunModelLink.Output });
        await db.SaveChangesAsync(Ct);
        await WriteAsync(run.ArtifactUri, FileName);
        return run;
    }

    public async Task<LoggedModel> LoggedModelAsync(Experiment experiment, string stage = "active", long? updated = null)
    {
        await using var db = Db(experiment.Workspace);
        var id = "m-" + Guid.NewGuid().ToString("N");
        var model = new LoggedModel
        {
            ModelId = id, ExperimentId = experiment.ExperimentId, Name = "model", LifecycleStage = stage,
            LastUpdatedTimestampMs = updated ?? Clock.NowMs, ArtifactLocation = ArtifactUri.Append(experiment.ArtifactLocation!, "models", id, "artifacts"),
        };
        model.Tags.Add(new LoggedModelTag { ModelId = id, Key = "k", Value = "v" });
        db.LoggedModels.Add(model);
        await db.SaveChangesAsync(Ct);
        await WriteAsync(model.ArtifactLocation, FileName);
        return model;
    }

    /// <summary>Writes <paramref name="file"/> under the tree at <paramref name="uri"/> (nothing for schemes no store serves).</summary>
    public async Task WriteAsync(string uri, string file = FileName)
    {
        if (_stores.ForUri(uri) is not { } store)
            return;
        await store.WriteAsync(file, new MemoryStream(Encoding.UTF8.GetBytes(uri)), null, Ct);
    }

    public async Task<bool> ExistsAsync(string uri, string file = FileName)
    {
        var store = _stores.ForUri(uri) ?? throw new InvalidOperationException($"No store for {uri}");
        await using var opened = await store.OpenReadAsync(file, Ct);
        return opened is not null;
    }

    /// <summary>Rows of the run in its own table and every child table (0 once it is hard-deleted).</summary>
    public async Task<int> RunRowsAsync(string runId)
    {
        await using var db = Db();
        return await db.Runs.IgnoreQueryFilters().CountAsync(r => r.RunUuid == runId, Ct)
            + await db.Metrics.IgnoreQueryFilters().CountAsync(m => m.RunUuid == runId, Ct)
            + await db.LatestMetrics.IgnoreQueryFilters().CountAsync(m => m.RunUuid == runId, Ct)
            + await db.Params.IgnoreQueryFilters().CountAsync(p => p.RunUuid == runId, Ct)
            + await db.RunTags.IgnoreQueryFilters().CountAsync(t => t.RunUuid == runId, Ct)
            + await db.RunDatasetInputs.IgnoreQueryFilters().CountAsync(i => i.RunUuid == runId, Ct)
            + await db.InputTags.IgnoreQueryFilters().CountAsync(t => t.RunUuid == runId, Ct)
            + await db.RunModelLinks.IgnoreQueryFilters().CountAsync(l => l.RunUuid == runId, Ct);
    }

    public async Task<bool> ExperimentExistsAsync(long id)
    {
        await using var db = Db();
        return await db.Experiments.IgnoreQueryFilters().AnyAsync(e => e.ExperimentId == id, Ct);
    }

    public async Task<bool> LoggedModelExistsAsync(string id)
    {
        await using var db = Db();
        return await db.LoggedModels.IgnoreQueryFilters().AnyAsync(m => m.ModelId == id, Ct);
    }

    public async Task<List<ArtifactTombstone>> TombstonesAsync(string workspace)
    {
        await using var db = Db();
        return await db.ArtifactTombstones.Where(t => t.Workspace == workspace).OrderBy(t => t.Id).ToListAsync(Ct);
    }

    public TrackingDbContext Db(string workspace = WorkspaceNames.Default)
    {
        var context = new WorkspaceContext();
        context.Bind(workspace);
        return _store.CreateContext(context);
    }

    public void Dispose()
    {
        _stores.Dispose();
        if (_localDestination is not null && Directory.Exists(_localDestination))
            Directory.Delete(_localDestination, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
