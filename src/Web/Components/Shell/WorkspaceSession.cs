using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;

namespace Workspaces.Web.Components.Shell;

/// <summary>
/// The circuit's current workspace. Pages under <c>/workspaces/{ws}/…</c> enter it through
/// <see cref="WorkspaceGate"/>, which binds the scope's <see cref="WorkspaceContext"/> (so every service
/// call of the page is filtered to it) and learns the caller's permission there.
/// </summary>
public sealed class WorkspaceSession(
    WorkspaceContext context, AccessContext access, WorkspaceService workspaces, UserService users)
{
    public string? Current { get; private set; }

    /// <summary>The caller's permission on <see cref="Current"/> as the workspace service answers it (MANAGE for admins and with auth off), for showing buttons.</summary>
    public Permission Permission { get; private set; } = Permission.None;

    public bool CanManageServer => !access.AuthEnabled || access.IsAdmin;

    /// <summary>Raised when <see cref="Current"/> changes, for the switcher and the navigation.</summary>
    public event Action? Changed;

    /// <summary>Enters <paramref name="name"/> if the caller may see it; false for a missing or hidden workspace alike.</summary>
    public async Task<bool> EnterAsync(string name, CancellationToken ct)
    {
        var found = await workspaces.GetAsync(name, ct);
        if (!found.IsSuccess)
            return false;
        context.Bind(name);
        Permission = await workspaces.PermissionAsync(name, ct);
        if (Current != name)
        {
            Current = name;
            if (access.UserId is { } userId)
                await users.SetLastWorkspaceAsync(userId, name, ct);
            Changed?.Invoke();
        }
        return true;
    }

    public Task<IReadOnlyList<WorkspaceInfo>> VisibleAsync(CancellationToken ct) => workspaces.ListAsync(ct);

    /// <summary>The signed-in user's last workspace (null with auth off: the browser remembers it then).</summary>
    public async Task<string?> LastAsync(CancellationToken ct) => access.UserId is { } id ? await users.GetLastWorkspaceAsync(id, ct) : null;
}

/// <summary>The sections of a workspace and how switching keeps the current one.</summary>
public static class Sections
{
    public static readonly IReadOnlyList<(string Segment, string Title, string Icon)> All =
    [
        ("experiments", "Experiments", MudBlazor.Icons.Material.Filled.Science),
        ("models", "Models", MudBlazor.Icons.Material.Filled.Inventory2),
        ("prompts", "Prompts", MudBlazor.Icons.Material.Filled.ChatBubbleOutline),
        ("gateway", "AI Gateway", MudBlazor.Icons.Material.Filled.Hub),
        ("permissions", "Permissions", MudBlazor.Icons.Material.Filled.Lock),
        ("settings", "Settings", MudBlazor.Icons.Material.Filled.Settings),
    ];

    /// <summary>The section of a relative URL such as <c>workspaces/a/runs/x</c> (runs and compare belong to experiments).</summary>
    public static string Of(string relativeUrl)
    {
        var parts = relativeUrl.Split('?', '#')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[0] != "workspaces")
            return "experiments";
        return parts[2] switch
        {
            "runs" or "compare" => "experiments",
            var s when All.Any(a => a.Segment == s) => s,
            _ => "experiments",
        };
    }

    /// <summary>The workspace named in a relative URL, if any.</summary>
    public static string? WorkspaceOf(string relativeUrl)
    {
        var parts = relativeUrl.Split('?', '#')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[0] == "workspaces" ? Uri.UnescapeDataString(parts[1]) : null;
    }

    public static string Url(string workspace, string section = "experiments") => $"/workspaces/{Uri.EscapeDataString(workspace)}/{section}";
}
