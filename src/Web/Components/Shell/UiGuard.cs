using Workspaces.Data.Auth;
using Workspaces.Data.Tracking;

namespace Workspaces.Web.Components.Shell;

/// <summary>
/// What the caller may do with a run or a logged model, as the services answer it (their <c>PermissionAsync</c>),
/// for the artifact browser's controls. It decides nothing itself: every operation is decided again by its
/// service. Pages ask the services' <c>PermissionAsync</c> directly.
/// </summary>
public sealed class UiGuard(RunService runs, LoggedModelService loggedModels)
{
    public async Task<bool> RunAsync(string runId, AccessLevel level, CancellationToken ct = default) =>
        (await runs.PermissionAsync(runId, ct)).Allows(level);

    /// <summary>A logged model follows its experiment, as the service's rule does.</summary>
    public async Task<bool> LoggedModelAsync(string modelId, AccessLevel level, CancellationToken ct = default) =>
        (await loggedModels.PermissionAsync(modelId, ct)).Allows(level);
}
