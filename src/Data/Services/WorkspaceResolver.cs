using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Services;

/// <summary>Turns the <c>X-MLFLOW-WORKSPACE</c> header value into the request's workspace (SPEC §5).</summary>
public sealed class WorkspaceResolver(IDbContextFactory<TrackingDbContext> dbFactory, ServerSettings settings, WorkspaceCatalogCache cache)
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
        if (cache.IsKnown(name))
            return name;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Workspaces.AnyAsync(w => w.Name == name, ct))
            return Error.WorkspaceNotFound(name);
        cache.Remember(name);
        return name;
    }
}
