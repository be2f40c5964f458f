using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// Turns the <c>X-MLFLOW-WORKSPACE</c> header value into the request's workspace (SPEC §5) through the configured
/// <see cref="IWorkspaceProvider"/>. Without a header the provider's default is used; a provider without one leaves the
/// request unbound, and workspace-scoped routes then answer <see cref="ActiveWorkspaceRequired"/>. A workspace the
/// caller cannot enter answers exactly like a missing one, so the header is no existence oracle.
/// </summary>
public sealed class WorkspaceResolver(
    IWorkspaceProvider provider, ServerSettings settings, WorkspaceCatalogCache cache, WorkspaceAnchors anchors, Auth.AccessService access)
{
    public const string FeatureDisabledMessage = "Workspace APIs are not available: workspaces are not enabled on this server";

    /// <summary>MLflow's message when no workspace is active and the provider has no default.</summary>
    public static readonly Error ActiveWorkspaceRequired = Error.InvalidParameter(
        "Active workspace is required. Configure a default workspace or call mlflow.set_workspace() before interacting with the store.");

    /// <summary>The workspace to bind, or null when there is none to bind (no header, no default workspace).</summary>
    public async Task<Result<string?>> ResolveAsync(string? header, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(header) ? null : header.Trim();
        if (!settings.EnableWorkspaces)
            return name is null ? WorkspaceNames.Default : new Error(ErrorCode.FeatureDisabled, FeatureDisabledMessage);
        name ??= provider.DefaultWorkspace;
        if (name is null)
            return Result<string?>.Success(null);
        if (WorkspaceNameValidator.ValidateForLookup(name) is { } invalid)
            return invalid;
        if (!cache.IsKnown(name))
        {
            if (await provider.GetAsync(name, ct) is not { } known)
                return Error.WorkspaceNotFound(name);
            // A provider other than SQL may name a workspace the backend store has no row for yet: resources need one.
            if (provider is not SqlWorkspaceProvider)
                await anchors.EnsureAsync(known, ct);
            cache.Remember(name);
        }
        // Without a header the request lands in the default workspace, which every client knows exists; a named
        // workspace must be one the caller can enter.
        if (!string.IsNullOrWhiteSpace(header) && !await access.CanEnterWorkspaceAsync(name, ct))
            return Error.WorkspaceNotFound(name);
        return name;
    }
}
