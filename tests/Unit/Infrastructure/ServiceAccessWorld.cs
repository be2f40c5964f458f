using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>The callers of the service-level permission matrix (issue 13): one per way of holding, or lacking, access.</summary>
public enum Caller
{
    Admin,
    Read,
    Use,
    Edit,
    Manage,

    /// <summary>No workspace grant, but EDIT on the one resource under test.</summary>
    Explicit,

    /// <summary>NO_PERMISSIONS on the workspace.</summary>
    NoPermissions,

    /// <summary>No grant at all.</summary>
    None,
}

/// <summary>What a service answered, as the matrix compares it.</summary>
public enum Outcome
{
    Allowed,
    Forbidden,
    Hidden,
}

/// <summary>
/// Services wired as the host wires them, auth on, one workspace with a user per <see cref="Caller"/>. Operations run in
/// a scope bound to the workspace and the caller, like one API request or one circuit event — no HTTP in between.
/// </summary>
public sealed class ServiceAccessWorld<TDb> : IAsyncLifetime
    where TDb : IDatabaseKind
{
    private readonly DataFixture<TDb> _data = new();
    private readonly Dictionary<Caller, (long Id, string Name)> _users = [];

    public string Workspace { get; } = Names.Unique("perm");

    public DataFixture<TDb> Data => _data;

    public static IReadOnlyList<Caller> Callers { get; } = Enum.GetValues<Caller>();

    public async ValueTask InitializeAsync()
    {
        await _data.InitializeAsync();
        try
        {
            _ = _data.Services;
        }
        catch (Exception ex) when (ex.GetType().Name.Contains("Skip", StringComparison.Ordinal))
        {
            return;
        }
        _users[Caller.Admin] = (-1, "admin");
        await AdminAsync(async s => Must(await s.GetRequiredService<WorkspaceService>().CreateAsync(new CreateWorkspace(Workspace), Ct)));
        foreach (var caller in Callers.Where(c => c != Caller.Admin))
        {
            var name = $"{caller.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
            var user = await AdminAsync(async s => Must(await s.GetRequiredService<UserService>().CreateAsync(name, "a-long-enough-password", Ct)));
            _users[caller] = (user.Id, name);
            var level = caller switch
            {
                Caller.Read => "READ",
                Caller.Use => "USE",
                Caller.Edit => "EDIT",
                Caller.Manage => "MANAGE",
                Caller.NoPermissions => "NO_PERMISSIONS",
                _ => null,
            };
            if (level is not null)
                await AdminAsync(async s => Must(await s.GetRequiredService<GrantService>().SetWorkspaceAsync(Workspace, name, level, Ct)));
        }
    }

    public string UserName(Caller caller) => _users[caller].Name;

    /// <summary>The caller's account id (-1 for the world's admin, who has no account row).</summary>
    public long UserId(Caller caller) => _users[caller].Id;

    /// <summary>The caller as the API's endpoints pass it to services that act on the caller's own account.</summary>
    public Principal Principal(Caller caller) => new(_users[caller].Id, _users[caller].Name, caller == Caller.Admin);

    /// <summary>A throwaway account, with no grant, for operations that change or remove one.</summary>
    public async Task<Principal> NewUserAsync()
    {
        var name = $"other-{Guid.NewGuid():N}"[..20];
        var user = await AdminAsync(async s => Must(await s.GetRequiredService<UserService>().CreateAsync(name, "a-long-enough-password", Ct)));
        return new Principal(user.Id, name, false);
    }

    /// <summary>Runs <paramref name="action"/> as <paramref name="caller"/> in the world's workspace.</summary>
    public async Task<T> AsAsync<T>(Caller caller, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _data.Scope(Workspace);
        var (id, name) = _users[caller];
        scope.ServiceProvider.GetRequiredService<AccessContext>().Bind(true, caller == Caller.Admin ? null : id, name, caller == Caller.Admin);
        return await action(scope.ServiceProvider);
    }

    public Task<T> AdminAsync<T>(Func<IServiceProvider, Task<T>> action) => AsAsync(Caller.Admin, action);

    /// <summary>Gives the <see cref="Caller.Explicit"/> user EDIT on one experiment.</summary>
    public Task GrantExperimentAsync(string experimentId) =>
        AdminAsync(async s => Must(await s.GetRequiredService<GrantService>().CreateExperimentAsync(experimentId, UserName(Caller.Explicit), "EDIT", Ct)));

    /// <summary>Gives the <see cref="Caller.Explicit"/> user EDIT on one registered model or prompt.</summary>
    public Task GrantModelAsync(string name) =>
        AdminAsync(async s => Must(await s.GetRequiredService<GrantService>().CreateModelAsync(name, UserName(Caller.Explicit), "EDIT", Ct)));

    /// <summary>Gives the <see cref="Caller.Explicit"/> user EDIT on one AI Gateway secret, model definition or endpoint.</summary>
    public Task GrantGatewayAsync(GatewayResource kind, string id) =>
        AdminAsync(async s => Must(await s.GetRequiredService<GatewayGrantService>().CreateAsync(kind, id, UserName(Caller.Explicit), "EDIT", Ct)));

    /// <summary>
    /// The policy the matrix expects for an operation on an existing resource needing <paramref name="level"/>: callers
    /// who cannot read the workspace and hold no grant on the resource do not learn it exists; others lacking the level
    /// are refused. <paramref name="onWorkspace"/> marks operations on the workspace itself (creating in it, granting
    /// in it), where nothing is hidden: the caller already named the workspace.
    /// </summary>
    public static Outcome Expected(Caller caller, AccessLevel level, bool onWorkspace = false)
    {
        var permission = caller switch
        {
            Caller.Admin or Caller.Manage => Permission.Manage,
            Caller.Read => Permission.Read,
            Caller.Use => Permission.Use,
            Caller.Edit => Permission.Edit,
            Caller.Explicit => onWorkspace ? Permission.None : Permission.Edit,
            _ => Permission.None,
        };
        if (permission.Allows(level))
            return Outcome.Allowed;
        if (onWorkspace)
            return Outcome.Forbidden;
        return caller is Caller.None or Caller.NoPermissions ? Outcome.Hidden : Outcome.Forbidden;
    }

    /// <summary>How an error answers: no error (or one about the request itself) passed authorization.</summary>
    public static Outcome Of(Error? error) => error?.Code switch
    {
        ErrorCode.PermissionDenied => Outcome.Forbidden,
        ErrorCode.ResourceDoesNotExist => Outcome.Hidden,
        _ => Outcome.Allowed,
    };

    public static T Must<T>(Result<T> result) => result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error!.Message);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A matrix's cases: every operation with every caller, less the pairs <paramref name="skip"/> names.</summary>
    public static TheoryData<string, Caller> AllCases(IEnumerable<string> operations, Func<string, Caller, bool>? skip = null)
    {
        var data = new TheoryData<string, Caller>();
        foreach (var operation in operations)
        {
            foreach (var caller in Callers.Where(c => skip?.Invoke(operation, c) != true))
                data.Add(operation, caller);
        }
        return data;
    }

    /// <summary>Asserts one cell of a matrix, naming the operation, the caller and the service's words.</summary>
    public static void AssertCell(string operation, Caller caller, Outcome expected, Error? error) =>
        Assert.True(expected == Of(error), $"{operation} as {caller}: expected {expected}, got {Of(error)} ({error?.Message})");

    public ValueTask DisposeAsync() => _data.DisposeAsync();
}
