using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Data.Services;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;

namespace Workspaces.Data.Artifacts;

/// <summary>
/// Where an artifact request lands: a store plus a root-relative prefix, already validated and scoped to
/// the request's workspace. Relative paths given to its methods must have passed <see cref="ArtifactPath.Check"/>.
/// </summary>
public sealed record ArtifactLocation(IArtifactStore Store, string Prefix, string RootUri)
{
    /// <summary>
    /// The destination root seen from <c>default</c> holds every workspace's directory; listing it must not
    /// reveal their names (MLflow's does).
    /// </summary>
    public bool HidesWorkspaces { get; init; }

    public string PathOf(string relative) => ArtifactPath.Join(Prefix, relative);

    public async Task<IReadOnlyList<ArtifactEntry>> ListAsync(string relative, CancellationToken ct)
    {
        var entries = await Store.ListAsync(PathOf(relative), ct);
        return HidesWorkspaces && relative.Length == 0
            ? entries.Where(e => !(e.IsDir && e.Name == ArtifactPath.WorkspacesSegment)).ToList()
            : entries;
    }

    public Task<ArtifactFile?> OpenAsync(string relative, CancellationToken ct) => Store.OpenReadAsync(PathOf(relative), ct);

    public Task WriteAsync(string relative, Stream content, long? length, CancellationToken ct) => Store.WriteAsync(PathOf(relative), content, length, ct);

    public Task DeleteAsync(string relative, CancellationToken ct) => Store.DeleteAsync(PathOf(relative), ct);
}

/// <summary>
/// Resolves artifact locations for the proxied API, runs, model versions and logged models, all in the
/// request's workspace. Authorization is the caller's job (API rules, UI guard); this class only makes sure a
/// path cannot leave the workspace or the location it belongs to.
/// </summary>
public sealed class ArtifactService(
    IArtifactStoreFactory stores,
    ServerSettings settings,
    WorkspaceContext workspace,
    IDbContextFactory<TrackingDbContext> dbFactory,
    ModelVersionService versions,
    LoggedModelService loggedModels)
{
    /// <summary>A path under the artifacts destination, as the <c>/mlflow-artifacts/artifacts</c> endpoints take it.</summary>
    public Result<ArtifactLocation> Proxied(string? path)
    {
        var scoped = ArtifactPath.CheckAndScope(path, workspace.Name, settings.EnableWorkspaces);
        if (!scoped.IsSuccess)
            return scoped.Error!;
        return new ArtifactLocation(stores.Destination, scoped.Value, ArtifactUri.ProxyScheme + "/" + scoped.Value)
        {
            HidesWorkspaces = settings.EnableWorkspaces && scoped.Value.Length == 0,
        };
    }

    /// <summary>The run's artifact root, with the experiment it belongs to; 404 for a run of another workspace.</summary>
    public async Task<Result<(ArtifactLocation Location, long ExperimentId)>> ForRunAsync(string runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.Where(r => r.RunUuid == runId).Select(r => new { r.ArtifactUri, r.ExperimentId }).FirstOrDefaultAsync(ct);
        if (run is null)
            return RunLookup.NotFound(runId);
        var location = ForUri(run.ArtifactUri ?? "");
        return location.IsSuccess ? (location.Value, run.ExperimentId) : location.Error!;
    }

    /// <summary>A model version's files (its storage location, else its source).</summary>
    public async Task<Result<ArtifactLocation>> ForModelVersionAsync(string name, string? version, CancellationToken ct)
    {
        var uri = await versions.GetDownloadUriAsync(name, version, ct);
        return uri.IsSuccess ? ForUri(uri.Value) : uri.Error!;
    }

    /// <summary>A logged model's files.</summary>
    public async Task<Result<ArtifactLocation>> ForLoggedModelAsync(string modelId, CancellationToken ct)
    {
        var model = await loggedModels.GetAsync(modelId, allowDeleted: false, ct);
        return model.IsSuccess ? ForUri(model.Value.ArtifactUri ?? "") : model.Error!;
    }

    /// <summary>
    /// The store behind a stored artifact URI. Proxied URIs go through the same check and workspace scoping as
    /// the proxied endpoints, so a row pointing into another workspace's files is refused.
    /// </summary>
    public Result<ArtifactLocation> ForUri(string uri)
    {
        if (ArtifactUri.IsProxied(uri))
        {
            if (!settings.ServeArtifacts)
                return Error.InvalidState($"Artifacts at '{uri}' are served only when the server runs with --serve-artifacts.");
            var location = Proxied(ArtifactUri.ProxiedPath(uri));
            return location.IsSuccess ? location.Value with { RootUri = uri, HidesWorkspaces = false } : location;
        }
        if (uri.Length == 0)
            return Error.InvalidState("This entity has no artifact location.");
        var store = stores.ForUri(uri);
        return store is null
            ? new Error(ErrorCode.NotImplemented, $"The server cannot read artifacts at '{uri}': only mlflow-artifacts:, s3:// and local paths are supported.")
            : new ArtifactLocation(store, "", uri);
    }
}
