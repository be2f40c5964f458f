using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Common;
using Workspaces.Data.Tracking;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>Runs, logged models and their files, made through the real services as a client's requests would make them.</summary>
internal sealed class ArtifactArrange(DataFixture<SqliteDb> data, string workspace)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async Task<string> ExperimentAsync()
    {
        await using var scope = data.Scope(workspace);
        var created = await scope.ServiceProvider.GetRequiredService<ExperimentService>().CreateAsync($"exp-{Guid.NewGuid():N}", null, [], Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    public async Task<string> RunAsync(string experimentId)
    {
        await using var scope = data.Scope(workspace);
        var created = await scope.ServiceProvider.GetRequiredService<RunService>().CreateAsync(new CreateRunRequest(experimentId, "ui", "training", 1, []), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value.Info.RunId;
    }

    /// <summary>A logged model produced by <paramref name="runId"/>, linked as the run's output.</summary>
    public async Task<string> LoggedModelAsync(string experimentId, string runId, string name)
    {
        await using var scope = data.Scope(workspace);
        var created = await scope.ServiceProvider.GetRequiredService<LoggedModelService>().CreateAsync(
            new CreateLoggedModelRequest(experimentId, name, "sklearn", runId, [new KeyValue("alpha", "0.5")], [new KeyValue("stage", "eval")]), Ct);
        Assert.True(created.IsSuccess, created.Error?.Message);
        var linked = await scope.ServiceProvider.GetRequiredService<RunInputsService>().LogOutputsAsync(runId, [new ModelIoDto(created.Value.ModelId, 3)], Ct);
        Assert.True(linked.IsSuccess, linked.Error?.Message);
        return created.Value.ModelId;
    }

    public Task RunFileAsync(string runId, string path, string text) => RunFileAsync(runId, path, Encoding.UTF8.GetBytes(text));

    public async Task RunFileAsync(string runId, string path, byte[] content)
    {
        await using var scope = data.Scope(workspace);
        var run = await scope.ServiceProvider.GetRequiredService<ArtifactService>().ForRunAsync(runId, AccessLevel.Update, Ct);
        Assert.True(run.IsSuccess, run.Error?.Message);
        await run.Value.WriteAsync(path, new MemoryStream(content), content.Length, Ct);
    }

    public async Task ModelFileAsync(string modelId, string path, string text)
    {
        await using var scope = data.Scope(workspace);
        var model = await scope.ServiceProvider.GetRequiredService<ArtifactService>().ForLoggedModelAsync(modelId, AccessLevel.Update, Ct);
        Assert.True(model.IsSuccess, model.Error?.Message);
        var content = Encoding.UTF8.GetBytes(text);
        await model.Value.WriteAsync(path, new MemoryStream(content), content.Length, Ct);
    }
}
