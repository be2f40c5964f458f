using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
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

    /// <summary>
    /// Signs in a new restricted user (not an admin) with READ on <paramref name="workspace"/>: what the pages'
    /// write controls are hidden from and the services refuse. Needs auth on (the constructor's <c>authEnabled</c>).
    /// </summary>
    protected async Task<Principal> SignInReaderAsync(string workspace)
    {
        Assert.True(Services.GetRequiredService<AuthSettings>().Enabled, "A reader is restricted only with auth on");
        var reader = await NewUserAsync(workspace, "READ");
        SignIn(reader);
        return reader;
    }

    /// <summary>
    /// Calls a component's event handler by name on the renderer, as its button would, also when the page does
    /// not show that button: what a crafted circuit message could do. Awaiting it waits for the handler, so
    /// start it first when it opens a dialog that the test then answers.
    /// </summary>
    protected static Task CallAsync<T>(IRenderedComponent<T> component, string handler, params object?[] args)
        where T : IComponent
    {
        var method = typeof(T).GetMethod(handler, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no handler {handler}");
        // Dispatched as Blazor dispatches a click: through IHandleEvent, which re-renders the component afterwards.
        Func<Task> handle = () => (Task)method.Invoke(component.Instance, args)!;
        return component.InvokeAsync(() => ((IHandleEvent)component.Instance).HandleEventAsync(new EventCallbackWorkItem(handle), null));
    }

    /// <summary>Sets a component's private state, for handlers that act on what the user selected.</summary>
    protected static void SetField<T>(IRenderedComponent<T> component, string field, object? value)
        where T : IComponent =>
        (typeof(T).GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no field {field}")).SetValue(component.Instance, value);

    /// <summary>Binds the rendering scope to a workspace (what WorkspaceGate does).</summary>
    protected void Enter(string workspace) => Services.GetRequiredService<WorkspaceContext>().Bind(workspace);

    /// <summary>
    /// Renders the providers MainLayout holds, for pages with tooltips, pickers and dialogs; dialogs the page
    /// opens appear in the returned provider.
    /// </summary>
    protected IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>Creates an account with a unique name through <see cref="UserService"/>, as an admin would.</summary>
    protected async Task<Principal> AddUserAsync(string prefix, bool admin = false)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await WithAsync<UserService, Workspaces.Data.Errors.Result<UserInfo>>(s => s.CreateAsync(name, "correct-horse-battery", Ct));
        if (admin)
            await WithAsync<UserService, Workspaces.Data.Errors.Result>(s => s.UpdateAdminAsync(name, true, Ct));
        return await WithAsync<UserService, Principal?>(s => s.FindAsync(name, Ct)) ?? throw new InvalidOperationException($"User {name} was not created");
    }

    /// <summary>Runs <paramref name="action"/> with a service from a separate scope, as another request would.</summary>
    protected async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> action, string workspace = WorkspaceNames.Default)
        where TService : notnull
    {
        await using var scope = Data.Scope(workspace);
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A new empty workspace, so that a test sees only what it arranged there.</summary>
    protected async Task<string> NewWorkspaceAsync(string prefix = "ui")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..16];
        var created = await WithAsync<WorkspaceService, Workspaces.Data.Errors.Result<WorkspaceInfo>>(s => s.CreateAsync(new CreateWorkspace(name), Ct));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return name;
    }

    /// <summary>A new user (not an admin) granted <paramref name="permission"/> on <paramref name="workspace"/>; sign in with <see cref="SignIn"/>.</summary>
    protected async Task<Principal> NewUserAsync(string workspace, string permission)
    {
        var username = $"user-{Guid.NewGuid():N}"[..16];
        var user = await WithAsync<UserService, Workspaces.Data.Errors.Result<UserInfo>>(s => s.CreateAsync(username, "a-long-password-1", Ct));
        Assert.True(user.IsSuccess, user.Error?.Message);
        var grant = await WithAsync<GrantService, Workspaces.Data.Errors.Result<WorkspaceGrant>>(s => s.SetWorkspaceAsync(workspace, username, permission, Ct), workspace);
        Assert.True(grant.IsSuccess, grant.Error?.Message);
        return new Principal(user.Value.Id, username, IsAdmin: false);
    }
}
