using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Common;
using Workspaces.Data.Registry;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>Registry rows made through the real services, each call in its own scope as a client's request would be.</summary>
internal sealed class RegistryArrange(DataFixture<SqliteDb> data, string workspace)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async Task ModelAsync(string name, string? description = null, params KeyValue[] tags)
    {
        await using var scope = data.Scope(workspace);
        var created = await scope.ServiceProvider.GetRequiredService<RegisteredModelService>().CreateAsync(name, tags, description, Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
    }

    public async Task<ModelVersionDto> VersionAsync(string name, string source, string? runId = null, string? description = null, params KeyValue[] tags)
    {
        await using var scope = data.Scope(workspace);
        var created = await scope.ServiceProvider.GetRequiredService<ModelVersionService>()
            .CreateAsync(new CreateModelVersionRequest(name, source, runId, tags, null, description, null), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    /// <summary>A prompt with one version per template, tagged as the MLflow client tags them.</summary>
    public async Task PromptAsync(string name, params string[] templates)
    {
        await ModelAsync(name, null, new KeyValue(RegistryRules.PromptTag, "true"));
        for (var i = 0; i < templates.Length; i++)
        {
            await VersionAsync(name, "dummy-source", description: $"commit {i + 1}",
                tags: [new KeyValue(RegistryRules.PromptTag, "true"), new KeyValue(RegistryRules.PromptTextTag, templates[i])]);
        }
    }
}
