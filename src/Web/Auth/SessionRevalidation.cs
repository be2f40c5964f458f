using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Workspaces.Data.Auth;

namespace Workspaces.Web.Auth;

/// <summary>
/// An open UI circuit outlives the request that checked its cookie: every <see cref="RevalidationInterval"/> the
/// circuit's session is checked again, and once it has ended (logout elsewhere, password change, account removed)
/// the circuit's user becomes anonymous, which sends the page to the login (Routes' NotAuthorized).
/// </summary>
internal sealed class SessionRevalidation(ILoggerFactory loggerFactory, SessionService sessions) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity is not { IsAuthenticated: true }
        || await AuthSetup.IsSessionActiveAsync(authenticationState.User, sessions, cancellationToken);
}
