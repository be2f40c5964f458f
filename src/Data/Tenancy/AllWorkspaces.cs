using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;

namespace Workspaces.Data.Tenancy;

/// <summary>Why a query reads past the workspace filter; every reason is listed, and a test checks who uses which.</summary>
public enum CrossWorkspaceReason
{
    /// <summary>gc: an operator command over every workspace, scoped by its own <c>--workspace</c>.</summary>
    GarbageCollection,

    /// <summary>The workspace list's counts, for the names the caller may see.</summary>
    WorkspaceStats,

    /// <summary>Deciding whether a caller may enter a named workspace, before it is bound.</summary>
    WorkspaceEntry,

    /// <summary>A user's own grants in every workspace (the account view).</summary>
    AccountGrants,

    /// <summary><c>crypto rotate-kek</c>: an operator command that re-wraps every workspace's gateway keys.</summary>
    KeyRotation,

    /// <summary>
    /// Rows read only through a parent that already passed the filter (a trace search: its experiments are resolved in
    /// the workspace first, and child rows are correlated to those traces), so the filter would only repeat itself.
    /// </summary>
    ScopedByParent,
}

/// <summary>
/// The named all-workspaces mode (SPEC §3): the only way past the workspace query filter. A plain
/// <c>IgnoreQueryFilters</c> anywhere else fails a test.
/// </summary>
public static class AllWorkspaces
{
    public static IQueryable<T> AcrossAllWorkspaces<T>(this IQueryable<T> query, CrossWorkspaceReason reason)
        where T : class
    {
        _ = reason; // the reason is for readers and for the test that enumerates the uses
        return query.IgnoreQueryFilters([WorkspaceNames.QueryFilter]);
    }
}
