using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Web.Components.Shell;
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

    /// <summary>The same READ check the owner's page and the download endpoint make.</summary>
    public Task<bool> MayReadAsync(UiGuard guard) =>
        Kind == Kinds.Run ? guard.RunAsync(Id, AccessLevel.Read) : guard.LoggedModelAsync(Id, AccessLevel.Read);

    public async Task<Result<ArtifactLocation>> LocateAsync(ArtifactService artifacts, CancellationToken ct)
    {
        if (Kind == Kinds.LoggedModel)
            return await artifacts.ForLoggedModelAsync(Id, ct);
        var run = await artifacts.ForRunAsync(Id, ct);
        return run.IsSuccess ? run.Value.Location : run.Error!;
    }

    /// <summary>Where the browser fetches a file (links, img tags); the circuit never serves bytes itself.</summary>
    public string DownloadUrl(string path) =>
        Kind == Kinds.Run ? ArtifactDownloads.RunUrl(Workspace, Id, path) : ArtifactDownloads.LoggedModelUrl(Workspace, Id, path);
}
