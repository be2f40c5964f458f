using Workspaces.Data.Auth;
using Workspaces.Data.Tracking;

namespace Workspaces.Web.Components.Shell;

/// <summary>
/// The UI's side of the API's authorization rules (SPEC §6), over the same <see cref="AccessService"/>: pages
/// ask before they show or change a resource. "Missing" and "not readable" look the same to the caller.
/// </summary>
public sealed class UiGuard(AccessService access, AccessContext who)
{
    public bool IsAdmin => !who.AuthEnabled || who.IsAdmin;

    /// <summary>Creating experiments and models in the current workspace (EDIT).</summary>
    public async Task<bool> CanCreateAsync() => !who.IsRestricted || (await access.WorkspaceAsync(null, CancellationToken.None)).CanUpdate;

    public async Task<bool> ExperimentAsync(string experimentId, AccessLevel level)
    {
        if (!ExperimentIds.Parse(experimentId).IsSuccess)
            return false;
        return !who.IsRestricted || Allows(await access.ExperimentAsync(ExperimentIds.Parse(experimentId).Value, CancellationToken.None), level);
    }

    public async Task<bool> RunAsync(string runId, AccessLevel level) =>
        !who.IsRestricted || Allows(await access.RunAsync(runId, CancellationToken.None), level);

    /// <summary>A logged model follows its experiment, as the API's LoggedModel rule does.</summary>
    public async Task<bool> LoggedModelAsync(string modelId, AccessLevel level) =>
        !who.IsRestricted || Allows(await access.LoggedModelAsync(modelId, CancellationToken.None), level);

    public async Task<bool> ModelAsync(string name, AccessLevel level) =>
        !who.IsRestricted || Allows(await access.RegisteredModelAsync(name, CancellationToken.None), level);

    private static bool Allows(AccessService.Decision decision, AccessLevel level) => decision.Exists && decision.Effective.Allows(level);
}
