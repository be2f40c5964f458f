using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Tenancy;
using Workspaces.Web.Components;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// bUnit with the app's real services on a real SQLite database (<see cref="DataFixture{TDb}"/>): components
/// render against the same data layer the server uses, only the browser is simulated.
/// </summary>
public abstract class UiTestContext : BunitContext
{
    protected UiTestContext(DataFixture<SqliteDb> data, bool authEnabled = false)
    {
        Data = data;
        JSInterop.Mode = JSRuntimeMode.Loose; // MudBlazor and the pages call into JS
        Services.AddSingleton(data.Settings);
        Services.AddSingleton(data.Store);
        Services.AddSingleton(new AuthSettings { Enabled = authEnabled });
        Services.AddWorkspacesData();
        Services.AddWorkspacesUi();
        AddAuthorization();
    }

    protected DataFixture<SqliteDb> Data { get; }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Binds the rendering scope to a user (what MainLayout does from the cookie).</summary>
    protected void SignIn(Principal? user) =>
        Services.GetRequiredService<AccessContext>().Bind(Services.GetRequiredService<AuthSettings>().Enabled, user?.UserId, user?.Username, user?.IsAdmin ?? false);

    /// <summary>Binds the rendering scope to a workspace (what WorkspaceGate does).</summary>
    protected void Enter(string workspace) => Services.GetRequiredService<WorkspaceContext>().Bind(workspace);

    /// <summary>Runs <paramref name="action"/> with a service from a separate scope, as another request would.</summary>
    protected async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> action, string workspace = WorkspaceNames.Default)
        where TService : notnull
    {
        await using var scope = Data.Scope(workspace);
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
