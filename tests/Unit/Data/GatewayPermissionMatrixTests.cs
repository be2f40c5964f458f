using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.ServiceAccessWorld<Workspaces.Tests.Unit.Infrastructure.SqliteDb>;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The AI Gateway's permission matrix where the rule lives (issue 14 §4): every secret, model definition, endpoint, part
/// and grant operation, called on the service by each kind of caller, answers as the policy says — READ views, USE
/// references, EDIT creates and changes, MANAGE deletes and grants; hidden as missing without any access. Lists are
/// filtered instead of refused.
/// </summary>
public abstract class GatewayPermissionMatrixTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    private sealed record Operation(AccessLevel Level, Func<IServiceProvider, Target, Task<Error?>> Act, bool OnWorkspace = false);

    /// <summary>
    /// A fresh key, a definition mapped to an endpoint (tag <c>seed</c>, binding scorer <c>j</c>) and a spare definition
    /// on the same key, all made by the admin; the explicit caller holds EDIT on each.
    /// </summary>
    private sealed record Target(string Secret, string Definition, string Spare, string Endpoint, string EndpointName, string? Grantee)
    {
        public string User => Grantee ?? throw new InvalidOperationException("This case arranged no grantee.");
    }

    private static readonly Dictionary<string, string> Value = new() { ["api_key"] = "sk-abcdefghij1234" };

    private static readonly Dictionary<string, string> ClosedPort = new() { ["api_base"] = "http://127.0.0.1:1/v1" };

    private static GatewaySecretService Secrets(IServiceProvider s) => s.GetRequiredService<GatewaySecretService>();

    private static GatewayModelDefinitionService Definitions(IServiceProvider s) => s.GetRequiredService<GatewayModelDefinitionService>();

    private static GatewayEndpointService Endpoints(IServiceProvider s) => s.GetRequiredService<GatewayEndpointService>();

    private static GatewayEndpointParts Parts(IServiceProvider s) => s.GetRequiredService<GatewayEndpointParts>();

    private static GatewayGrantService Grants(IServiceProvider s) => s.GetRequiredService<GatewayGrantService>();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static GatewayModelConfig Config(string definition) => new(definition, GatewayRules.Primary, null, null);

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["secret.create"] = new(AccessLevel.Update, async (s, _) =>
            (await Secrets(s).CreateAsync(new CreateSecretRequest(Unique("k"), Value, "openai", null, null), Ct)).Error, OnWorkspace: true),
        ["secret.get"] = new(AccessLevel.Read, async (s, t) => (await Secrets(s).GetAsync(t.Secret, Ct)).Error),
        ["secret.update"] = new(AccessLevel.Update, async (s, t) =>
            (await Secrets(s).UpdateAsync(new UpdateSecretRequest(t.Secret, new Dictionary<string, string> { ["api_key"] = "sk-zzzzzzzz9999" }, null, null), Ct)).Error),
        ["secret.delete"] = new(AccessLevel.Delete, async (s, t) => (await Secrets(s).DeleteAsync(t.Secret, Ct)).Error),
        ["definition.create"] = new(AccessLevel.Update, async (s, t) =>
            (await Definitions(s).CreateAsync(new CreateModelDefinitionRequest(Unique("m"), t.Secret, "openai", "gpt-4o", null), Ct)).Error, OnWorkspace: true),
        ["definition.get"] = new(AccessLevel.Read, async (s, t) => (await Definitions(s).GetAsync(t.Definition, Ct)).Error),
        ["definition.update"] = new(AccessLevel.Update, async (s, t) =>
            (await Definitions(s).UpdateAsync(new UpdateModelDefinitionRequest(t.Definition, null, null, "gpt-4.1", null, null), Ct)).Error),
        ["definition.delete"] = new(AccessLevel.Delete, async (s, t) => (await Definitions(s).DeleteAsync(t.Spare, Ct)).Error),
        ["endpoint.create"] = new(AccessLevel.Update, async (s, t) =>
            (await Endpoints(s).CreateAsync(new CreateEndpointRequest(Unique("e"), [Config(t.Definition)], null, null, null, null, false), Ct)).Error,
            OnWorkspace: true),
        ["endpoint.get"] = new(AccessLevel.Read, async (s, t) => (await Endpoints(s).GetAsync(t.Endpoint, Ct)).Error),
        ["endpoint.update"] = new(AccessLevel.Update, async (s, t) =>
            (await Endpoints(s).UpdateAsync(new UpdateEndpointRequest(t.Endpoint, Unique("e"), "bot", [], null, null, null, null), Ct)).Error),
        ["endpoint.delete"] = new(AccessLevel.Delete, async (s, t) => (await Endpoints(s).DeleteAsync(t.Endpoint, Ct)).Error),
        ["endpoint.attach"] = new(AccessLevel.Update, async (s, t) => (await Parts(s).AttachAsync(t.Endpoint, Config(t.Spare), null, Ct)).Error),
        ["endpoint.detach"] = new(AccessLevel.Update, async (s, t) => (await Parts(s).DetachAsync(t.Endpoint, t.Definition, Ct)).Error),
        ["endpoint.set-tag"] = new(AccessLevel.Update, async (s, t) => (await Parts(s).SetTagAsync(t.Endpoint, "k", "v", Ct)).Error),
        ["endpoint.delete-tag"] = new(AccessLevel.Update, async (s, t) => (await Parts(s).DeleteTagAsync(t.Endpoint, "seed", Ct)).Error),
        ["binding.create"] = new(AccessLevel.Update, async (s, t) => (await Parts(s).CreateBindingAsync(t.Endpoint, "scorer", "j2", null, Ct)).Error),
        ["binding.delete"] = new(AccessLevel.Update, async (s, t) => (await Parts(s).DeleteBindingAsync(t.Endpoint, "scorer", "j", Ct)).Error),
        ["binding.list"] = new(AccessLevel.Read, async (s, t) => (await Parts(s).ListBindingsAsync(t.Endpoint, null, null, Ct)).Error),
        // The key points at a closed port: an allowed call fails fast at the provider (a 502 answer, not a refusal).
        ["endpoint.invoke"] = new(AccessLevel.Use, async (s, t) =>
        {
            var body = new System.Text.Json.Nodes.JsonObject { ["messages"] = new System.Text.Json.Nodes.JsonArray() };
            var invoked = await s.GetRequiredService<GatewayInvoker>().InvokeAsync(t.EndpointName, Workspaces.Data.Gateway.Providers.GatewayOperation.Chat, body, Ct);
            if (!invoked.IsSuccess)
                return invoked.Error;
            await invoked.Value.DisposeAsync();
            return null;
        }),
        ["endpoint.usage"] = new(AccessLevel.Read, async (s, t) =>
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return (await s.GetRequiredService<GatewayUsageService>().ForEndpointAsync(t.Endpoint, now - 3_600_000, now, 60_000, Ct)).Error;
        }),
    };

    private static readonly (string Name, GatewayResource Kind, Func<Target, string> Id)[] Kinds =
    [
        ("secret", GatewayResource.Secret, t => t.Secret),
        ("definition", GatewayResource.ModelDefinition, t => t.Definition),
        ("endpoint", GatewayResource.Endpoint, t => t.Endpoint),
    ];

    static GatewayPermissionMatrixTests()
    {
        foreach (var (name, kind, id) in Kinds)
        {
            Operations[$"{name}-permission.create"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).CreateAsync(kind, id(t), t.User, "READ", Ct)).Error);
            Operations[$"{name}-permission.get"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).GetAsync(kind, id(t), t.User, Ct)).Error);
            Operations[$"{name}-permission.update"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).UpdateAsync(kind, id(t), t.User, "USE", Ct)).Error);
            Operations[$"{name}-permission.delete"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).DeleteAsync(kind, id(t), t.User, Ct)).Error);
        }
    }

    public static TheoryData<string, Caller> Cases() => ServiceAccessWorld<TDb>.AllCases(Operations.Keys);

    public static TheoryData<Caller> Callers() => [.. ServiceAccessWorld<TDb>.Callers];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_what_the_policy_says(string operation, Caller caller)
    {
        var op = Operations[operation];
        var target = await ArrangeAsync(operation);
        var error = await world.AsAsync(caller, s => op.Act(s, target));
        var expected = ServiceAccessWorld<TDb>.Expected(caller, op.Level, op.OnWorkspace);
        AssertCell(operation, caller, expected, error);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Lists_show_what_the_caller_may_read(Caller caller)
    {
        var granted = await ArrangeAsync("list");
        var other = await ArrangeAsync("list", grant: false);
        var (secrets, definitions, endpoints, bindings) = await world.AsAsync(caller, async s => (
            Must(await Secrets(s).ListAsync(null, Ct)).Select(x => x.SecretId).ToList(),
            Must(await Definitions(s).ListAsync(null, null, Ct)).Select(x => x.ModelDefinitionId).ToList(),
            Must(await Endpoints(s).ListAsync(null, Ct)).Select(x => x.EndpointId).ToList(),
            Must(await Parts(s).ListBindingsAsync(null, "scorer", "j", Ct)).Select(x => x.EndpointId).ToList()));

        // Everyone reading the workspace sees both sets; the explicit caller its own; callers without access nothing.
        IEnumerable<Target> visible = caller switch
        {
            Caller.Explicit => [granted],
            Caller.None or Caller.NoPermissions => [],
            _ => [granted, other],
        };
        var all = new[] { granted, other };
        Assert.Equal(Expect(visible, t => [t.Secret]), Seen(secrets, all.Select(t => t.Secret)));
        Assert.Equal(Expect(visible, t => [t.Definition, t.Spare]), Seen(definitions, all.SelectMany(t => new[] { t.Definition, t.Spare })));
        Assert.Equal(Expect(visible, t => [t.Endpoint]), Seen(endpoints, all.Select(t => t.Endpoint)));
        Assert.Equal(Expect(visible, t => [t.Endpoint]), Seen(bindings, all.Select(t => t.Endpoint)));
    }

    private static List<string> Expect(IEnumerable<Target> visible, Func<Target, string[]> ids) => visible.SelectMany(ids).Order(StringComparer.Ordinal).ToList();

    private static List<string> Seen(IEnumerable<string> listed, IEnumerable<string> ofThisCase) =>
        listed.Intersect(ofThisCase, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The case's resources; for grant cases also a fresh account holding READ on the resource unless the case creates it.</summary>
    private async Task<Target> ArrangeAsync(string operation, bool grant = true)
    {
        var target = await world.AdminAsync(async s =>
        {
            var secret = Must(await Secrets(s).CreateAsync(new CreateSecretRequest(Unique("k"), Value, "openai", ClosedPort, null), Ct)).SecretId;
            var definition = Must(await Definitions(s).CreateAsync(new CreateModelDefinitionRequest(Unique("m"), secret, "openai", "gpt-4o", null), Ct))
                .ModelDefinitionId;
            var spare = Must(await Definitions(s).CreateAsync(new CreateModelDefinitionRequest(Unique("m"), secret, "openai", "gpt-4o", null), Ct))
                .ModelDefinitionId;
            var created = Must(await Endpoints(s).CreateAsync(new CreateEndpointRequest(Unique("e"), [Config(definition)], null, null, null, null, false), Ct));
            var endpoint = created.EndpointId;
            Done(await Parts(s).SetTagAsync(endpoint, "seed", "x", Ct));
            Must(await Parts(s).CreateBindingAsync(endpoint, "scorer", "j", null, Ct));
            return new Target(secret, definition, spare, endpoint, created.Name, null);
        });
        if (grant)
        {
            await world.GrantGatewayAsync(GatewayResource.Secret, target.Secret);
            await world.GrantGatewayAsync(GatewayResource.ModelDefinition, target.Definition);
            await world.GrantGatewayAsync(GatewayResource.ModelDefinition, target.Spare);
            await world.GrantGatewayAsync(GatewayResource.Endpoint, target.Endpoint);
        }
        if (!operation.Contains("-permission.", StringComparison.Ordinal))
            return target;
        var user = await world.NewUserAsync();
        var kind = Kinds.Single(k => operation.StartsWith(k.Name + "-", StringComparison.Ordinal));
        if (!operation.EndsWith(".create", StringComparison.Ordinal))
            await world.AdminAsync(async s => Must(await Grants(s).CreateAsync(kind.Kind, kind.Id(target), user.Username, "READ", Ct)));
        return target with { Grantee = user.Username };
    }

    private static bool Done(Result result) => result.IsSuccess ? true : throw new InvalidOperationException(result.Error!.Message);
}

public sealed class GatewayPermissionMatrixTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : GatewayPermissionMatrixTests<SqliteDb>(w);

public sealed class GatewayPermissionMatrixTests_Postgres(ServiceAccessWorld<PostgresDb> w) : GatewayPermissionMatrixTests<PostgresDb>(w);

public sealed class GatewayPermissionMatrixTests_MySql(ServiceAccessWorld<MySqlDb> w) : GatewayPermissionMatrixTests<MySqlDb>(w);
