using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Auth;

/// <summary>
/// The one authorization decision every service operation asks (SPEC §3, §6), for the API and the UI alike. Each
/// check returns null when the caller may go on, or the error to answer:
/// <list type="bullet">
/// <item>a caller who may not know the resource exists (no grant on it, and cannot read its workspace) gets the
/// resource's own "not found", exactly as if it were missing;</item>
/// <item>anyone else lacking the level gets MLflow's 403 <c>Permission denied</c>;</item>
/// <item>a resource that does not exist passes: the operation answers its own 404 (or creates it).</item>
/// </list>
/// With auth off, or for an admin, nothing is queried.
/// </summary>
public sealed class Authorizer(AccessService access, AccessContext caller)
{
    public const string ForbiddenMessage = "Permission denied";

    public static readonly Error Forbidden = new(ErrorCode.PermissionDenied, ForbiddenMessage);

    /// <summary>True when decisions depend on grants (auth on, caller not an admin).</summary>
    public bool IsRestricted => caller.IsRestricted;

    /// <summary>Server administration: admins only (and everyone with auth off).</summary>
    public Error? Admin() => caller.IsRestricted ? Forbidden : null;

    /// <summary>The caller's own account, or an admin.</summary>
    public Error? SelfOrAdmin(string? username) => caller.IsRestricted && username != caller.Username ? Forbidden : null;

    /// <summary>An action on a workspace itself (creating in it needs <see cref="AccessLevel.Update"/>, granting in it MANAGE).</summary>
    public async Task<Error?> WorkspaceAsync(string? name, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted || (await access.WorkspaceAsync(name, ct)).Allows(level) ? null : Forbidden;

    public async Task<Error?> ExperimentAsync(long experimentId, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted ? null : Judge(await access.ExperimentAsync(experimentId, ct), level, ExperimentIds.NotFound(ExperimentIds.Format(experimentId)));

    public async Task<Error?> ExperimentByNameAsync(string name, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted ? null : Judge(await access.ExperimentByNameAsync(name, ct), level, Error.NotFound($"Could not find experiment with name '{name}'"));

    public async Task<Error?> RunAsync(string runId, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted ? null : Judge(await access.RunAsync(runId, ct), level, NotFoundErrors.Run(runId));

    /// <summary>A run already looked up (the ingestion cache): only its experiment's grants are read.</summary>
    public async Task<Error?> RunAsync(RunState run, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted ? null : Judge(await access.KnownExperimentAsync(run.ExperimentId, ct), level, NotFoundErrors.Run(run.RunId));

    /// <summary>A logged model follows its experiment.</summary>
    public async Task<Error?> LoggedModelAsync(string modelId, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted ? null : Judge(await access.LoggedModelAsync(modelId, ct), level, NotFoundErrors.LoggedModel(modelId));

    /// <summary>Registered models and prompts (a prompt is a registered model with the prompt tag).</summary>
    public async Task<Error?> RegisteredModelAsync(string name, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted ? null : Judge(await access.RegisteredModelAsync(name, ct), level, RegistryRules.ModelNotFound(name));

    /// <summary>An AI Gateway secret, model definition or endpoint, by id.</summary>
    public async Task<Error?> GatewayAsync(GatewayResource kind, string id, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted ? null : Judge(await access.GatewayAsync(kind, id, ct), level, NotFoundErrors.Gateway(kind, id));

    /// <summary>A scoped proxied artifact path: the experiment it lies under, else the workspace (MLflow's rule).</summary>
    public async Task<Error?> ArtifactPathAsync(string scopedPath, AccessLevel level, CancellationToken ct) =>
        !caller.IsRestricted || (await access.ArtifactPathAsync(scopedPath, ct)).Effective.Allows(level) ? null : Forbidden;

    /// <summary>What the caller holds on an experiment, for showing buttons (MANAGE when unrestricted, NO_PERMISSIONS when missing).</summary>
    public async Task<Permission> OnExperimentAsync(long experimentId, CancellationToken ct) =>
        !caller.IsRestricted ? Permission.Manage : Effective(await access.ExperimentAsync(experimentId, ct));

    public async Task<Permission> OnRunAsync(string runId, CancellationToken ct) =>
        !caller.IsRestricted ? Permission.Manage : Effective(await access.RunAsync(runId, ct));

    public async Task<Permission> OnLoggedModelAsync(string modelId, CancellationToken ct) =>
        !caller.IsRestricted ? Permission.Manage : Effective(await access.LoggedModelAsync(modelId, ct));

    public async Task<Permission> OnRegisteredModelAsync(string name, CancellationToken ct) =>
        !caller.IsRestricted ? Permission.Manage : Effective(await access.RegisteredModelAsync(name, ct));

    public async Task<Permission> OnGatewayAsync(GatewayResource kind, string id, CancellationToken ct) =>
        !caller.IsRestricted ? Permission.Manage : Effective(await access.GatewayAsync(kind, id, ct));

    public async Task<Permission> OnWorkspaceAsync(string? name, CancellationToken ct) =>
        !caller.IsRestricted ? Permission.Manage : await access.WorkspaceAsync(name, ct);

    /// <summary>The disclosure policy, written once.</summary>
    public static Error? Judge(AccessService.Decision decision, AccessLevel level, Error notFound)
    {
        if (!decision.Exists || decision.Effective.Allows(level))
            return null;
        return decision.Explicit is null && !decision.Workspace.CanRead ? notFound : Forbidden;
    }

    private static Permission Effective(AccessService.Decision decision) => decision.Exists ? decision.Effective : Permission.None;
}
