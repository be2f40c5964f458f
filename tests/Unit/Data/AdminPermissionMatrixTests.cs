using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.ServiceAccessWorld<Workspaces.Tests.Unit.Infrastructure.SqliteDb>;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The permission matrix of grants, server administration and the caller's own account (issue 13): experiment and
/// workspace grants, the workspace catalog, users, the audit log and tokens, called on the service by each caller.
/// </summary>
public abstract class AdminPermissionMatrixTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    /// <summary>An operation: what each caller should get, and how to call it on what <see cref="ArrangeAsync"/> made.</summary>
    private sealed record Operation(Func<Caller, Outcome> Expect, Func<IServiceProvider, Target, Task<Error?>> Act);

    /// <summary>
    /// What one case acts on, fresh per case where the operation changes it: an experiment the explicit caller holds EDIT
    /// on, an account to grant to or change, a workspace to change, and the account (with a token) the call is about.
    /// </summary>
    private sealed record Target(string? Experiment, Principal? Account, string? Workspace, Principal Owner, long? TokenId)
    {
        public string Username => Account?.Username ?? throw new InvalidOperationException("This case arranged no account.");
    }

    /// <summary>Server administration: admins only, nobody else learns more than "Permission denied".</summary>
    private static Outcome AdminOnly(Caller caller) => caller == Caller.Admin ? Outcome.Allowed : Outcome.Forbidden;

    private static Func<Caller, Outcome> OnResource(AccessLevel level, bool onWorkspace = false) =>
        caller => ServiceAccessWorld<TDb>.Expected(caller, level, onWorkspace);

    private static GrantService Grants(IServiceProvider s) => s.GetRequiredService<GrantService>();

    private static UserService Users(IServiceProvider s) => s.GetRequiredService<UserService>();

    private static TokenService Tokens(IServiceProvider s) => s.GetRequiredService<TokenService>();

    private static WorkspaceService Catalog(IServiceProvider s) => s.GetRequiredService<WorkspaceService>();

    /// <summary>Listings that filter rather than fail: nothing listed where something exists means refused.</summary>
    private static Error? Listed<T>(IReadOnlyList<T> items) => items.Count > 0 ? null : Authorizer.Forbidden;

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["experiment-permission.create"] = new(OnResource(AccessLevel.Manage), async (s, t) =>
            (await Grants(s).CreateExperimentAsync(t.Experiment, t.Username, "READ", Ct)).Error),
        ["experiment-permission.get"] = new(OnResource(AccessLevel.Manage), async (s, t) => (await Grants(s).GetExperimentAsync(t.Experiment, t.Username, Ct)).Error),
        ["experiment-permission.update"] = new(OnResource(AccessLevel.Manage), async (s, t) =>
            (await Grants(s).UpdateExperimentAsync(t.Experiment, t.Username, "USE", Ct)).Error),
        ["experiment-permission.delete"] = new(OnResource(AccessLevel.Manage), async (s, t) => (await Grants(s).DeleteExperimentAsync(t.Experiment, t.Username, Ct)).Error),
        ["workspace-permission.list"] = new(OnResource(AccessLevel.Manage, onWorkspace: true), async (s, _) =>
            (await Grants(s).ListWorkspaceAsync(CurrentWorkspace(s), Ct)).Error),
        ["workspace-permission.set"] = new(OnResource(AccessLevel.Manage, onWorkspace: true), async (s, t) =>
            (await Grants(s).SetWorkspaceAsync(CurrentWorkspace(s), t.Username, "USE", Ct)).Error),
        ["workspace-permission.delete"] = new(OnResource(AccessLevel.Manage, onWorkspace: true), async (s, t) =>
            (await Grants(s).DeleteWorkspaceAsync(CurrentWorkspace(s), t.Username, Ct)).Error),
        ["workspace-permissions.for-user"] = new(AdminOnly, async (s, t) => (await Grants(s).ListForUserAsync(t.Username, Ct)).Error),
        ["workspace.create"] = new(AdminOnly, async (s, _) => (await Catalog(s).CreateAsync(new CreateWorkspace(NewWorkspaceName()), Ct)).Error),
        ["workspace.update"] = new(AdminOnly, async (s, t) => (await Catalog(s).UpdateAsync(new UpdateWorkspace(t.Workspace!, "described"), Ct)).Error),
        ["workspace.delete"] = new(AdminOnly, async (s, t) => (await Catalog(s).DeleteAsync(t.Workspace!, null, Ct)).Error),
        ["audit.query"] = new(AdminOnly, async (s, _) => (await s.GetRequiredService<AuditService>().QueryAsync(new AuditQuery(null, null, null, null, 5, null), Ct)).Error),
        ["user.create"] = new(AdminOnly, async (s, _) => (await Users(s).CreateAsync($"new-{Guid.NewGuid():N}"[..20], "a-long-enough-password", Ct)).Error),
        ["user.list"] = new(AdminOnly, async (s, _) => Listed(await Users(s).ListAsync(Ct))),
        ["user.update-admin"] = new(AdminOnly, async (s, t) => (await Users(s).UpdateAdminAsync(t.Username, true, Ct)).Error),
        ["user.delete"] = new(AdminOnly, async (s, t) => (await Users(s).DeleteAsync(t.Username, Ct)).Error),
        ["user.get-other"] = new(AdminOnly, async (s, t) => (await Users(s).GetAsync(t.Username, Ct)).Error),
        ["user.update-password-other"] = new(AdminOnly, async (s, t) => (await Users(s).UpdatePasswordAsync(t.Username, "another-long-password", Ct)).Error),
        ["user.get-self"] = new(_ => Outcome.Allowed, async (s, t) => (await Users(s).GetAsync(t.Owner.Username, Ct)).Error),
        ["user.update-password-self"] = new(_ => Outcome.Allowed, async (s, t) =>
            (await Users(s).UpdatePasswordAsync(t.Owner.Username, "another-long-password", Ct)).Error),
        ["token.create-own"] = new(_ => Outcome.Allowed, async (s, t) => (await Tokens(s).CreateAsync(t.Owner, "mine", 30, Ct)).Error),
        ["token.list-own"] = new(_ => Outcome.Allowed, async (s, t) => Listed(await Tokens(s).ListAsync(t.Owner.UserId, Ct))),
        ["token.revoke-own"] = new(_ => Outcome.Allowed, async (s, t) => (await Tokens(s).RevokeAsync(t.Owner, t.TokenId!.Value, Ct)).Error),
        ["token.create-other"] = new(_ => Outcome.Forbidden, async (s, t) => (await Tokens(s).CreateAsync(t.Account!, "theirs", 30, Ct)).Error),
        ["token.list-other"] = new(_ => Outcome.Forbidden, async (s, t) => Listed(await Tokens(s).ListAsync(t.Account!.UserId, Ct))),
        ["token.revoke-other"] = new(_ => Outcome.Forbidden, async (s, t) => (await Tokens(s).RevokeAsync(t.Account!, t.TokenId!.Value, Ct)).Error),
    };

    // The world's admin has no account row (it stands for any admin): there is no token of its own to manage.
    public static TheoryData<string, Caller> Cases() =>
        ServiceAccessWorld<TDb>.AllCases(Operations.Keys, (operation, caller) => caller == Caller.Admin && operation.EndsWith("-own", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_what_the_policy_says(string operation, Caller caller)
    {
        var op = Operations[operation];
        var target = await ArrangeAsync(operation, caller);
        var error = await world.AsAsync(caller, s => op.Act(s, target));
        var expected = op.Expect(caller);
        AssertCell(operation, caller, expected, error);
    }

    private async Task<Target> ArrangeAsync(string operation, Caller caller)
    {
        var family = operation[..operation.IndexOf('.', StringComparison.Ordinal)];
        var owner = world.Principal(caller);
        if (family == "experiment-permission")
        {
            var experiment = await world.AdminAsync(async s =>
                Must(await s.GetRequiredService<ExperimentService>().CreateAsync($"g-{Guid.NewGuid():N}", null, [], Ct)));
            await world.GrantExperimentAsync(experiment);
            var grantee = await world.NewUserAsync();
            if (operation != "experiment-permission.create")
                await world.AdminAsync(async s => Must(await Grants(s).CreateExperimentAsync(experiment, grantee.Username, "READ", Ct)));
            return new Target(experiment, grantee, null, owner, null);
        }
        if (family == "workspace-permission")
        {
            var grantee = await world.NewUserAsync();
            await world.AdminAsync(async s => Must(await Grants(s).SetWorkspaceAsync(world.Workspace, grantee.Username, "READ", Ct)));
            return new Target(null, grantee, null, owner, null);
        }
        if (family == "workspace")
        {
            var name = NewWorkspaceName();
            await world.AdminAsync(async s => Must(await Catalog(s).CreateAsync(new CreateWorkspace(name), Ct)));
            return new Target(null, null, name, owner, null);
        }
        if (family == "token")
        {
            // Someone else's account: another of the world's users, holding a token made by that user.
            var who = operation.EndsWith("-own", StringComparison.Ordinal) ? caller : caller == Caller.Read ? Caller.Use : Caller.Read;
            var token = await world.AsAsync(who, async s => Must(await Tokens(s).CreateAsync(world.Principal(who), "arranged", 30, Ct)));
            return new Target(null, world.Principal(who), null, owner, token.Info.Id);
        }
        if (operation.EndsWith("-self", StringComparison.Ordinal) && caller == Caller.Admin)
            return new Target(null, null, null, await world.NewUserAsync(), null); // an admin's "self" here: any account
        var account = operation is "workspace-permissions.for-user" or "user.update-admin" or "user.delete" or "user.get-other" or "user.update-password-other"
            ? await world.NewUserAsync()
            : null;
        return new Target(null, account, null, owner, null);
    }

    private static string CurrentWorkspace(IServiceProvider s) => s.GetRequiredService<WorkspaceContext>().Name;

    private static string NewWorkspaceName() => $"ws-{Guid.NewGuid():N}"[..16];
}

public sealed class AdminPermissionMatrixTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : AdminPermissionMatrixTests<SqliteDb>(w);

public sealed class AdminPermissionMatrixTests_Postgres(ServiceAccessWorld<PostgresDb> w) : AdminPermissionMatrixTests<PostgresDb>(w);

public sealed class AdminPermissionMatrixTests_MySql(ServiceAccessWorld<MySqlDb> w) : AdminPermissionMatrixTests<MySqlDb>(w);
