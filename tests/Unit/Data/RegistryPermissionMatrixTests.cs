using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.ServiceAccessWorld<Workspaces.Tests.Unit.Infrastructure.SqliteDb>;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The registry's permission matrix where the rule lives (issue 13): every registered model, model version and prompt
/// operation, and the grants on a model, called on the service by each kind of caller, answers as the policy says.
/// </summary>
public abstract class RegistryPermissionMatrixTests<TDb>(ServiceAccessWorld<TDb> world) : IClassFixture<ServiceAccessWorld<TDb>>
    where TDb : IDatabaseKind
{
    private sealed record Operation(AccessLevel Level, Func<IServiceProvider, Target, Task<Error?>> Act, bool OnWorkspace = false);

    /// <summary>A fresh model and prompt, each with tag <c>seed</c>, version 1 (tagged <c>seed</c>) and alias <c>champ</c>.</summary>
    private sealed record Target(string Model, string Prompt, string? Grantee)
    {
        public string User => Grantee ?? throw new InvalidOperationException("This case arranged no grantee.");
    }

    private static RegisteredModelService Models(IServiceProvider s) => s.GetRequiredService<RegisteredModelService>();

    private static ModelVersionService Versions(IServiceProvider s) => s.GetRequiredService<ModelVersionService>();

    private static GrantService Grants(IServiceProvider s) => s.GetRequiredService<GrantService>();

    private static IReadOnlyList<KeyValue> PromptTags => [new(RegistryRules.PromptTag, "true")];

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["model.create"] = new(AccessLevel.Update, async (s, _) => (await Models(s).CreateAsync($"new-{Guid.NewGuid():N}", [], null, Ct)).Error, OnWorkspace: true),
        ["model.get"] = new(AccessLevel.Read, async (s, t) => (await Models(s).GetAsync(t.Model, Ct)).Error),
        ["model.get-latest-versions"] = new(AccessLevel.Read, async (s, t) => (await Models(s).GetLatestVersionsAsync(t.Model, [], Ct)).Error),
        ["model.get-by-alias"] = new(AccessLevel.Read, async (s, t) => (await Models(s).GetByAliasAsync(t.Model, "champ", Ct)).Error),
        ["model.update"] = new(AccessLevel.Update, async (s, t) => (await Models(s).UpdateAsync(t.Model, "described", Ct)).Error),
        ["model.rename"] = new(AccessLevel.Update, async (s, t) => (await Models(s).RenameAsync(t.Model, $"renamed-{Guid.NewGuid():N}", Ct)).Error),
        ["model.set-tag"] = new(AccessLevel.Update, async (s, t) => (await Models(s).SetTagAsync(t.Model, "k", "v", Ct)).Error),
        ["model.delete-tag"] = new(AccessLevel.Update, async (s, t) => (await Models(s).DeleteTagAsync(t.Model, "seed", Ct)).Error),
        ["model.set-alias"] = new(AccessLevel.Update, async (s, t) => (await Models(s).SetAliasAsync(t.Model, "other", "1", Ct)).Error),
        ["model.delete-alias"] = new(AccessLevel.Delete, async (s, t) => (await Models(s).DeleteAliasAsync(t.Model, "champ", Ct)).Error),
        ["model.delete"] = new(AccessLevel.Delete, async (s, t) => (await Models(s).DeleteAsync(t.Model, Ct)).Error),
        ["version.create"] = new(AccessLevel.Update, async (s, t) =>
            (await Versions(s).CreateAsync(new CreateModelVersionRequest(t.Model, "s3://bucket/model", null, [], null, null, null), Ct)).Error),
        ["version.get"] = new(AccessLevel.Read, async (s, t) => (await Versions(s).GetAsync(t.Model, "1", Ct)).Error),
        ["version.get-download-uri"] = new(AccessLevel.Read, async (s, t) => (await Versions(s).GetDownloadUriAsync(t.Model, "1", Ct)).Error),
        ["version.update"] = new(AccessLevel.Update, async (s, t) => (await Versions(s).UpdateAsync(t.Model, "1", "described", Ct)).Error),
        ["version.transition"] = new(AccessLevel.Update, async (s, t) => (await Versions(s).TransitionAsync(t.Model, "1", "Staging", false, Ct)).Error),
        ["version.set-tag"] = new(AccessLevel.Update, async (s, t) => (await Versions(s).SetTagAsync(t.Model, "1", "k", "v", Ct)).Error),
        ["version.delete-tag"] = new(AccessLevel.Delete, async (s, t) => (await Versions(s).DeleteTagAsync(t.Model, "1", "seed", Ct)).Error),
        ["version.delete"] = new(AccessLevel.Delete, async (s, t) => (await Versions(s).DeleteAsync(t.Model, "1", Ct)).Error),
        ["browse.versions"] = new(AccessLevel.Read, async (s, t) => (await s.GetRequiredService<RegistryBrowseService>().VersionsAsync(t.Model, Ct)).Error),
        ["prompt.create"] = new(AccessLevel.Update, async (s, _) =>
            (await Models(s).CreateAsync($"prompt-{Guid.NewGuid():N}", PromptTags, null, Ct)).Error, OnWorkspace: true),
        ["prompt.get"] = new(AccessLevel.Read, async (s, t) => (await Models(s).GetAsync(t.Prompt, Ct)).Error),
        ["prompt.get-by-alias"] = new(AccessLevel.Read, async (s, t) => (await Models(s).GetByAliasAsync(t.Prompt, "champ", Ct)).Error),
        ["prompt.version-create"] = new(AccessLevel.Update, async (s, t) =>
            (await Versions(s).CreateAsync(new CreateModelVersionRequest(t.Prompt, "dummy-source", null, PromptTags, null, null, null), Ct)).Error),
        ["prompt.version-get"] = new(AccessLevel.Read, async (s, t) => (await Versions(s).GetAsync(t.Prompt, "1", Ct)).Error),
        ["prompt.set-tag"] = new(AccessLevel.Update, async (s, t) => (await Models(s).SetTagAsync(t.Prompt, "k", "v", Ct)).Error),
        ["prompt.set-alias"] = new(AccessLevel.Update, async (s, t) => (await Models(s).SetAliasAsync(t.Prompt, "other", "1", Ct)).Error),
        ["prompt.delete-alias"] = new(AccessLevel.Delete, async (s, t) => (await Models(s).DeleteAliasAsync(t.Prompt, "champ", Ct)).Error),
        ["prompt.version-delete"] = new(AccessLevel.Delete, async (s, t) => (await Versions(s).DeleteAsync(t.Prompt, "1", Ct)).Error),
        ["prompt.delete"] = new(AccessLevel.Delete, async (s, t) => (await Models(s).DeleteAsync(t.Prompt, Ct)).Error),
        ["model-permission.create"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).CreateModelAsync(t.Model, t.User, "READ", Ct)).Error),
        ["model-permission.get"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).GetModelAsync(t.Model, t.User, Ct)).Error),
        ["model-permission.update"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).UpdateModelAsync(t.Model, t.User, "USE", Ct)).Error),
        ["model-permission.delete"] = new(AccessLevel.Manage, async (s, t) => (await Grants(s).DeleteModelAsync(t.Model, t.User, Ct)).Error),
    };

    public static TheoryData<string, Caller> Cases() => ServiceAccessWorld<TDb>.AllCases(Operations.Keys);

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

    /// <summary>
    /// Fresh model and prompt (the explicit caller holding EDIT on both); for grant cases also a fresh account to grant
    /// on the model, holding READ on it already unless the case creates that grant.
    /// </summary>
    private async Task<Target> ArrangeAsync(string operation)
    {
        var model = await NewAsync($"rm-{Guid.NewGuid():N}", [new("seed", "x")], "s3://bucket/model");
        var prompt = await NewAsync($"pr-{Guid.NewGuid():N}", [.. PromptTags, new("seed", "x")], "dummy-source");
        if (!operation.StartsWith("model-permission.", StringComparison.Ordinal))
            return new Target(model, prompt, null);
        var user = await world.NewUserAsync();
        if (operation != "model-permission.create")
            await world.AdminAsync(async s => Must(await Grants(s).CreateModelAsync(model, user.Username, "READ", Ct)));
        return new Target(model, prompt, user.Username);
    }

    private async Task<string> NewAsync(string name, IReadOnlyList<KeyValue> tags, string source)
    {
        await world.AdminAsync(async s =>
        {
            Must(await Models(s).CreateAsync(name, tags, null, Ct));
            var versionTags = tags.Where(t => t.Key == RegistryRules.PromptTag).Append(new("seed", "x")).ToList();
            Must(await Versions(s).CreateAsync(new CreateModelVersionRequest(name, source, null, versionTags, null, null, null), Ct));
            var alias = await Models(s).SetAliasAsync(name, "champ", "1", Ct);
            return alias.IsSuccess ? true : throw new InvalidOperationException(alias.Error!.Message);
        });
        await world.GrantModelAsync(name);
        return name;
    }
}

public sealed class RegistryPermissionMatrixTests_Sqlite(ServiceAccessWorld<SqliteDb> w) : RegistryPermissionMatrixTests<SqliteDb>(w);

public sealed class RegistryPermissionMatrixTests_Postgres(ServiceAccessWorld<PostgresDb> w) : RegistryPermissionMatrixTests<PostgresDb>(w);

public sealed class RegistryPermissionMatrixTests_MySql(ServiceAccessWorld<MySqlDb> w) : RegistryPermissionMatrixTests<MySqlDb>(w);
