using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;

namespace Workspaces.Data.ArtifactAccess;

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
/// request's workspace, and decides whether the caller may use them at the level asked (issue 13): the API's
/// endpoints, the UI's downloads and the UI's browser all ask here, so they answer alike. A denial is the
/// <see cref="Authorizer"/>'s error (the resource's hidden 404, or 403); a path can never leave the workspace or
/// the location it belongs to.
/// </summary>
public sealed class ArtifactService(
    IArtifactStoreFactory stores,
    ServerSettings settings,
    WorkspaceContext workspace,
    IDbContextFactory<TrackingDbContext> dbFactory,
    ModelVersionService versions,
    LoggedModelService loggedModels,
    RunLookup runs,
    Authorizer authz)
{
    /// <summary>
    /// A path under the artifacts destination, as the <c>/mlflow-artifacts/artifacts</c> endpoints take it. The path is
    /// checked and scoped first (a bad one is the 400 <c>Invalid path</c> whoever asks), then judged by the experiment it
    /// lies under, else the workspace: always a 403, since the caller named the path.
    /// </summary>
    public async Task<Result<ArtifactLocation>> ProxiedAsync(string? path, AccessLevel level, CancellationToken ct)
    {
        var location = Proxied(path);
        if (!location.IsSuccess)
            return location;
        return await authz.ArtifactPathAsync(location.Value.Prefix, level, ct) is { } denied ? denied : location;
    }

    /// <summary>The run's artifact root; the run's hidden 404 or 403, or 404 for a run of another workspace.</summary>
    public async Task<Result<ArtifactLocation>> ForRunAsync(string runId, AccessLevel level, CancellationToken ct)
    {
        if (await runs.AuthorizeAsync(runId, level, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.Where(r => r.RunUuid == runId).Select(r => new { r.ArtifactUri }).FirstOrDefaultAsync(ct);
        return run is null ? NotFoundErrors.Run(runId) : ForUri(run.ArtifactUri ?? "");
    }

    /// <summary>A model version's files (its storage location, else its source), judged by its registered model.</summary>
    public async Task<Result<ArtifactLocation>> ForModelVersionAsync(string name, string? version, AccessLevel level, CancellationToken ct)
    {
        if (await authz.RegisteredModelAsync(name, level, ct) is { } denied)
            return denied;
        var uri = await versions.GetDownloadUriAsync(name, version, ct);
        return uri.IsSuccess ? ForUri(uri.Value) : uri.Error;
    }

    /// <summary>A logged model's files, judged by its experiment.</summary>
    public async Task<Result<ArtifactLocation>> ForLoggedModelAsync(string modelId, AccessLevel level, CancellationToken ct)
    {
        if (await authz.LoggedModelAsync(modelId, level, ct) is { } denied)
            return denied;
        var model = await loggedModels.GetAsync(modelId, allowDeleted: false, ct);
        return model.IsSuccess ? ForUri(model.Value.ArtifactUri ?? "") : model.Error;
    }

    /// <summary>A checked and scoped proxied location, not yet authorized: private so no caller can skip the decision.</summary>
    private Result<ArtifactLocation> Proxied(string? path)
    {
        var scoped = ArtifactPath.CheckAndScope(path, workspace.Name, settings.EnableWorkspaces);
        if (!scoped.IsSuccess)
            return scoped.Error;
        return new ArtifactLocation(stores.Destination, scoped.Value, ArtifactUri.ProxyScheme + "/" + scoped.Value)
        {
            HidesWorkspaces = settings.EnableWorkspaces && scoped.Value.Length == 0,
        };
    }

    /// <summary>
    /// The store behind a stored artifact URI. Proxied URIs go through the same check and workspace scoping as
    /// the proxied endpoints, so a row pointing into another workspace's files is refused; the entity the row
    /// belongs to was authorized already, so the path is not judged again.
    /// </summary>
    private Result<ArtifactLocation> ForUri(string uri)
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
