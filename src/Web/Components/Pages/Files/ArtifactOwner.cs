using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Web.Endpoints;

namespace Workspaces.Web.Components.Pages.Files;

/// <summary>Whose files the artifact browser shows: a run or a logged model of a workspace.</summary>
public sealed record ArtifactOwner(ArtifactOwner.Kinds Kind, string Workspace, string Id)
{
    public enum Kinds
    {
        Run,
        LoggedModel,
    }

    public static ArtifactOwner Run(string workspace, string runId) => new(Kinds.Run, workspace, runId);

    public static ArtifactOwner LoggedModel(string workspace, string modelId) => new(Kinds.LoggedModel, workspace, modelId);

    /// <summary>
    /// The owner's files for reading: the same service decision the owner's page, the download endpoint and the API
    /// make, so a caller who may not read the owner gets its hidden 404 or a 403 instead of a location.
    /// </summary>
    public Task<Result<ArtifactLocation>> LocateAsync(ArtifactService artifacts, CancellationToken ct) =>
        Kind == Kinds.Run ? artifacts.ForRunAsync(Id, AccessLevel.Read, ct) : artifacts.ForLoggedModelAsync(Id, AccessLevel.Read, ct);

    /// <summary>An answer meaning "not for this caller" (hidden, refused, or gone), which the browser shows as one message.</summary>
    public static bool IsDenial(Error error) => error.Code is ErrorCode.PermissionDenied or ErrorCode.ResourceDoesNotExist;

    /// <summary>Where the browser fetches a file (links, img tags); the circuit never serves bytes itself.</summary>
    public string DownloadUrl(string path) =>
        Kind == Kinds.Run ? ArtifactDownloads.RunUrl(Workspace, Id, path) : ArtifactDownloads.LoggedModelUrl(Workspace, Id, path);
}
