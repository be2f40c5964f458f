using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The run page's child runs: active runs tagged with this run as parent, newest first; a deleted child, a run of
/// another parent and a run of another workspace naming this one as parent are left out; the parent of another
/// workspace is not found.
/// </summary>
public abstract class RunFamilyTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> WorkspaceAsync()
    {
        var name = $"rf-{Guid.NewGuid():N}"[..12];
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

    private async Task<string> ExperimentAsync(string ws)
    {
        var created = await InAsync<ExperimentService, Result<string>>(ws, s => s.CreateAsync($"exp-{Guid.NewGuid():N}", null, [], Ct));
        Assert.True(created.IsSuccess, created.Error?.Message);
        return created.Value;
    }

    private async Task<string> RunAsync(string ws, string experiment, string name, long start, string? parent = null)
    {
        IReadOnlyList<KeyValue> tags = parent is null ? [] : [new KeyValue(RunFamilyService.ParentTag, parent)];
        var run = await InAsync<RunService, Result<RunDto>>(ws, s => s.CreateAsync(new CreateRunRequest(experiment, "u", name, start, tags), Ct));
        Assert.True(run.IsSuccess, run.Error?.Message);
        return run.Value.Info.RunId;
    }

    [Fact]
    public async Task Children_are_the_active_runs_naming_the_run_as_parent_in_its_workspace()
    {
        var ws = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        var experiment = await ExperimentAsync(ws);
        var parent = await RunAsync(ws, experiment, "parent", 1);
        var older = await RunAsync(ws, experiment, "child-old", 2, parent);
        var newer = await RunAsync(ws, experiment, "child-new", 3, parent);
        var deleted = await RunAsync(ws, experiment, "child-deleted", 4, parent);
        Assert.True((await InAsync<RunService, Result>(ws, s => s.DeleteAsync(deleted, Ct))).IsSuccess);
        var sibling = await RunAsync(ws, experiment, "sibling", 5);
        await RunAsync(ws, experiment, "grandchild", 6, older);
        await RunAsync(other, await ExperimentAsync(other), "foreign", 7, parent);

        var children = await InAsync<RunFamilyService, Result<IReadOnlyList<ChildRunDto>>>(ws, s => s.ChildrenAsync(parent, Ct));

        Assert.True(children.IsSuccess, children.Error?.Message);
        Assert.Equal([newer, older], children.Value.Select(c => c.RunId));
        Assert.Equal("child-new", children.Value[0].RunName);
        var none = await InAsync<RunFamilyService, Result<IReadOnlyList<ChildRunDto>>>(ws, s => s.ChildrenAsync(sibling, Ct));
        Assert.Empty(none.Value);
    }

    [Fact]
    public async Task A_run_of_another_workspace_is_not_found()
    {
        var ws = await WorkspaceAsync();
        var other = await WorkspaceAsync();
        var parent = await RunAsync(ws, await ExperimentAsync(ws), "parent", 1);

        var children = await InAsync<RunFamilyService, Result<IReadOnlyList<ChildRunDto>>>(other, s => s.ChildrenAsync(parent, Ct));

        Assert.False(children.IsSuccess);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, children.Error.Code);
    }
}

public sealed class RunFamilyTests_Sqlite(DataFixture<SqliteDb> f) : RunFamilyTests<SqliteDb>(f);

public sealed class RunFamilyTests_Postgres(DataFixture<PostgresDb> f) : RunFamilyTests<PostgresDb>(f);

public sealed class RunFamilyTests_MySql(DataFixture<MySqlDb> f) : RunFamilyTests<MySqlDb>(f);
