using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// Turns the <c>X-MLFLOW-WORKSPACE</c> header value into the request's workspace (SPEC §5). A workspace the caller
/// cannot enter answers exactly like a missing one, so the header is no existence oracle.
/// </summary>
public sealed class WorkspaceResolver(
    IDbContextFactory<TrackingDbContext> dbFactory, ServerSettings settings, WorkspaceCatalogCache cache, Auth.AccessService access)
{
    public const string FeatureDisabledMessage = "Workspace APIs are not available: workspaces are not enabled on this server";

    public async Task<Result<string>> ResolveAsync(string? header, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(header) ? null : header.Trim();
        if (!settings.EnableWorkspaces)
            return name is null ? WorkspaceNames.Default : new Error(ErrorCode.FeatureDisabled, FeatureDisabledMessage);
        name ??= WorkspaceNames.Default;
        if (WorkspaceNameValidator.ValidateForLookup(name) is { } invalid)
            return invalid;
        if (!cache.IsKnown(name))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (!await db.Workspaces.AnyAsync(w => w.Name == name, ct))
                return Error.WorkspaceNotFound(name);
            cache.Remember(name);
        }
        // Without a header the request lands in `default`, which every client knows exists; a named workspace must be
        // one the caller can enter.
        if (!string.IsNullOrWhiteSpace(header) && !await access.CanEnterWorkspaceAsync(name, ct))
            return Error.WorkspaceNotFound(name);
        return name;
    }
}
