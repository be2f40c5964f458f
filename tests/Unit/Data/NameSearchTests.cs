using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The UI's search boxes through the services' typed name parameter: a substring in any case, taken literally
/// (quotes, '%' and '_' are characters to find), and for the registry models or prompts, never both.
/// </summary>
public abstract class NameSearchTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Names = ["Fraud 50%_v1", "fraud-50-v2", "it's fraud", "churn"];

    private async Task<string> WorkspaceAsync()
    {
        var name = $"ns-{Guid.NewGuid():N}"[..12];
        await using var scope = fixture.Scope();
        var created = await scope.ServiceProvider.GetRequiredService<WorkspaceService>().CreateAsync(new CreateWorkspace(name), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return name;
    }

    private async Task<T> InAsync<TService, T>(string ws, Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = fixture.Scope(ws);
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    [Theory]
    [InlineData("FRAUD", new[] { "Fraud 50%_v1", "fraud-50-v2", "it's fraud" })]
    [InlineData("50%_", new[] { "Fraud 50%_v1" })]
    [InlineData("50_", new string[0])]
    [InlineData("it's", new[] { "it's fraud" })]
    [InlineData("  churn ", new[] { "churn" })]
    [InlineData("", new[] { "Fraud 50%_v1", "churn", "fraud-50-v2", "it's fraud" })]
    public async Task Experiments_match_a_literal_substring_in_any_case(string text, string[] expected)
    {
        var ws = await WorkspaceAsync();
        foreach (var name in Names)
            Assert.True((await InAsync<ExperimentService, Result<string>>(ws, s => s.CreateAsync(name, null, [], Ct))).IsSuccess);

        var request = new ExperimentSearchRequest(null, ViewType.ActiveOnly, 50, ["name ASC"], null) { NameContains = text };
        var found = await InAsync<ExperimentSearchService, Result<ExperimentPage>>(ws, s => s.SearchAsync(request, Ct));

        Assert.True(found.IsSuccess, found.Error?.Message);
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Value.Experiments.Select(e => e.Name).Where(n => n != "Default").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Registry_names_match_literally_and_models_and_prompts_stay_apart()
    {
        var ws = await WorkspaceAsync();
        foreach (var name in Names)
            Assert.True((await InAsync<RegisteredModelService, Result<RegisteredModelDto>>(ws, s => s.CreateAsync(name, [], null, Ct))).IsSuccess);
        var prompt = await InAsync<RegisteredModelService, Result<RegisteredModelDto>>(ws,
            s => s.CreateAsync("fraud prompt", [new KeyValue(RegistryRules.PromptTag, "TRUE")], null, Ct));
        Assert.True(prompt.IsSuccess, prompt.Error?.Message);
        Assert.True(RegistryRules.IsPrompt(prompt.Value.Tags));

        async Task<IEnumerable<string>> SearchAsync(string? text, bool prompts) =>
            (await InAsync<RegistrySearchService, Result<RegisteredModelPage>>(ws, s => s.SearchModelsByNameAsync(text, prompts, 50, ["name ASC"], null, Ct)))
            .Value.Models.Select(m => m.Name).Order(StringComparer.Ordinal); // the database's collation may order otherwise

        Assert.Equal(["Fraud 50%_v1", "fraud-50-v2", "it's fraud"], await SearchAsync("fRaUd", prompts: false));
        Assert.Equal(["Fraud 50%_v1"], await SearchAsync("%_", prompts: false));
        Assert.Equal(["fraud prompt"], await SearchAsync("fraud", prompts: true));
        Assert.Equal(["fraud prompt"], await SearchAsync(null, prompts: true));
        Assert.Empty(await SearchAsync("churn", prompts: true));
    }
}

public sealed class NameSearchTests_Sqlite(DataFixture<SqliteDb> fixture) : NameSearchTests<SqliteDb>(fixture);

public sealed class NameSearchTests_Postgres(DataFixture<PostgresDb> fixture) : NameSearchTests<PostgresDb>(fixture);

public sealed class NameSearchTests_MySql(DataFixture<MySqlDb> fixture) : NameSearchTests<MySqlDb>(fixture);
