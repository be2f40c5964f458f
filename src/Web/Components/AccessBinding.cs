using System.Security.Claims;
using Workspaces.Data.Auth;

namespace Workspaces.Web.Components;

/// <summary>Binds the circuit's (or prerender's) <see cref="AccessContext"/> to the signed-in cookie user, once per scope.</summary>
public sealed class AccessBinding(AccessContext access, AuthSettings settings, UserService users)
{
    private bool _bound;

    public async Task BindAsync(ClaimsPrincipal? user, CancellationToken ct = default)
    {
        if (_bound)
            return;
        _bound = true;
        if (!settings.Enabled)
        {
            access.Bind(false, null, null, false);
            return;
        }
        var found = user?.Identity?.Name is { } name ? await users.FindAsync(name, ct) : null;
        access.Bind(true, found?.UserId ?? -1, found?.Username, found?.IsAdmin ?? false);
    }
}
