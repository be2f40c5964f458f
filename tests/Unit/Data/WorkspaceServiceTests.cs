using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

public abstract class WorkspaceServiceTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<T> WithService<T>(Func<WorkspaceService, Task<T>> action)
    {
        await using var scope = fixture.Scope();
        return await action(scope.ServiceProvider.GetRequiredService<WorkspaceService>());
    }

    private Task<Result<WorkspaceInfo>> Create(string name, string? description = null, string? root = null) =>
        WithService(s => s.CreateAsync(new CreateWorkspace(name, description, root), Ct));

    [Fact]
    public async Task Default_workspace_exists_with_its_description()
    {
        var list = await WithService(s => s.ListAsync(Ct));
        Assert.Contains(new WorkspaceInfo("default", "Default workspace for legacy resources", null), list);
    }

    [Fact]
    public async Task Create_then_get_returns_the_fields()
    {
        var name = Names.Unique("svc");
        var created = await Create(name, "Team", " s3://bucket/path ");
        Assert.Equal(new WorkspaceInfo(name, "Team", "s3://bucket/path"), created.Value);
        Assert.Equal(created.Value, (await WithService(s => s.GetAsync(name, Ct))).Value);
    }

    [Fact]
    public async Task Duplicate_create_is_already_exists()
    {
        var name = Names.Unique("dup");
        await Create(name);
        var again = await Create(name);
        Assert.Equal(ErrorCode.ResourceAlreadyExists, again.Error!.Code);
        Assert.Equal($"Workspace '{name}' already exists.", again.Error.Message);
    }

    [Fact]
    public async Task List_is_sorted_by_name_ordinally()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await Create($"zz-{suffix}");
        await Create($"a-{suffix}");
        await Create($"ab{suffix}");
        var names = (await WithService(s => s.ListAsync(Ct))).Select(w => w.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Update_changes_description_and_clears_root_with_blank()
    {
        var name = Names.Unique("upd");
        await Create(name, "before", "s3://b/root");
        var updated = await WithService(s => s.UpdateAsync(new UpdateWorkspace(name, "after", "  "), Ct));
        Assert.Equal(new WorkspaceInfo(name, "after", null), updated.Value);
        var empty = await WithService(s => s.UpdateAsync(new UpdateWorkspace(name, Description: ""), Ct));
        Assert.Equal("", empty.Value.Description);
    }

    [Fact]
    public async Task Update_requires_a_key_and_an_existing_workspace()
    {
        Assert.Equal("Workspace update must have at least one key",
            (await WithService(s => s.UpdateAsync(new UpdateWorkspace("default"), Ct))).Error!.Message);
        Assert.Equal("Workspace 'unknown-ws' not found",
            (await WithService(s => s.UpdateAsync(new UpdateWorkspace("unknown-ws", "x"), Ct))).Error!.Message);
    }

    [Fact]
    public async Task Restrict_counts_deleted_experiments_and_keeps_the_workspace()
    {
        var name = Names.Unique("rst");
        await Create(name);
        await using (var db = fixture.Db(name))
            await db.AddExperimentAsync(name, "gone", stage: "deleted");
        var result = await WithService(s => s.DeleteAsync(name, null, Ct));
        Assert.Equal(ErrorCode.InvalidState, result.Error!.Code);
        Assert.Equal($"Cannot delete workspace '{name}': table 'experiments' still contains 1 resource(s). "
            + "Remove or reassign them before deleting the workspace.", result.Error.Message);
        Assert.True((await WithService(s => s.GetAsync(name, Ct))).IsSuccess);
    }

    [Fact]
    public async Task Cascade_removes_roots_and_their_children()
    {
        var name = Names.Unique("cas");
        await Create(name);
        long id;
        await using (var db = fixture.Db(name))
            id = await db.AddExperimentAsync(name, "e1");
        Assert.True((await WithService(s => s.DeleteAsync(name, "CASCADE", Ct))).IsSuccess);
        await using var check = fixture.Db();
        Assert.Equal(0, await check.CountAllExperimentsAsync(name));
        Assert.False(await check.ExperimentTags.IgnoreQueryFilters().AnyAsync(t => t.ExperimentId == id, Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await WithService(s => s.GetAsync(name, Ct))).Error!.Code);
    }

    [Fact]
    public async Task Set_default_moves_resources_to_default()
    {
        var name = Names.Unique("sdf");
        var experiment = $"only-in-{name}";
        await Create(name);
        await using (var db = fixture.Db(name))
            await db.AddExperimentAsync(name, experiment);
        Assert.True((await WithService(s => s.DeleteAsync(name, "SET_DEFAULT", Ct))).IsSuccess);
        await using var inDefault = fixture.Db();
        Assert.True(await inDefault.Experiments.AnyAsync(e => e.Name == experiment, Ct));
    }

    [Fact]
    public async Task Set_default_refuses_name_conflicts_and_lists_them()
    {
        var name = Names.Unique("sdc");
        var clash = $"dup-{name}";
        await Create(name);
        await using (var db = fixture.Db())
            await db.AddExperimentAsync("default", clash);
        await using (var db = fixture.Db(name))
            await db.AddExperimentAsync(name, clash);
        var result = await WithService(s => s.DeleteAsync(name, "SET_DEFAULT", Ct));
        Assert.Equal(ErrorCode.InvalidState, result.Error!.Code);
        Assert.StartsWith($"Cannot reassign resources from workspace '{name}' to 'default'", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains($"  - experiments: '{clash}'", result.Error.Message, StringComparison.Ordinal);
        await using var check = fixture.Db();
        Assert.Equal(1, await check.CountAllExperimentsAsync(name));
    }

    [Theory]
    [InlineData("restrict")]
    [InlineData("")]
    [InlineData("BOGUS")]
    public async Task Mode_names_are_case_sensitive(string mode)
    {
        var result = await WithService(s => s.DeleteAsync("some-ws", mode, Ct));
        Assert.Equal($"Invalid deletion mode '{mode}'. Must be one of: SET_DEFAULT, CASCADE, RESTRICT", result.Error!.Message);
    }

    [Fact]
    public async Task Unknown_workspace_delete_is_not_found() =>
        Assert.Equal("Workspace 'unknown-ws' not found", (await WithService(s => s.DeleteAsync("unknown-ws", null, Ct))).Error!.Message);

    [Theory]
    [InlineData("RESTRICT")]
    [InlineData("CASCADE")]
    public async Task Concurrent_creates_never_leave_orphans(string mode)
    {
        for (var round = 0; round < 8; round++)
        {
            var name = Names.Unique("race");
            await Create(name);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var inserts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
            {
                await gate.Task;
                await Task.Delay(i * 2, Ct);
                try
                {
                    await using var db = fixture.Db(name);
                    await db.AddExperimentAsync(name, $"e{i}");
                    return true;
                }
                catch (DbUpdateException ex) when (Workspaces.Data.Store.DbErrors.IsConstraintViolation(ex) || Workspaces.Data.Store.DbErrors.IsTransientConflict(ex))
                {
                    // The workspace was deleted first, or InnoDB chose the insert as a deadlock victim: refused, nothing written
                    // (the API answers the latter 503, which clients retry).
                    return false;
                }
            }, Ct)).ToList();
            var delete = Task.Run(async () =>
            {
                await gate.Task;
                await Task.Delay(round, Ct);
                return await WithService(s => s.DeleteAsync(name, mode, Ct));
            }, Ct);
            gate.SetResult();
            await Task.WhenAll(inserts);
            var deleted = await delete;

            await using var check = fixture.Db();
            var exists = (await WithService(s => s.GetAsync(name, Ct))).IsSuccess;
            var remaining = await check.CountAllExperimentsAsync(name);
            Assert.Equal(!deleted.IsSuccess, exists);
            if (!exists)
                Assert.Equal(0, remaining); // no orphan survived the delete
            else
                Assert.Equal(ErrorCode.InvalidState, deleted.Error!.Code);
        }
    }
}

public sealed class WorkspaceServiceTests_Sqlite(DataFixture<SqliteDb> f) : WorkspaceServiceTests<SqliteDb>(f);

public sealed class WorkspaceServiceTests_Postgres(DataFixture<PostgresDb> f) : WorkspaceServiceTests<PostgresDb>(f);

public sealed class WorkspaceServiceTests_MySql(DataFixture<MySqlDb> f) : WorkspaceServiceTests<MySqlDb>(f);
