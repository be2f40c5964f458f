using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// The file catalog over time (issue 15 §2): loaded at start, reloaded on change, a bad edit keeps the last good list,
/// a removed workspace disappears while its rows stay, and comes back with them.
/// </summary>
public abstract class FileWorkspaceCatalogTests<TDb>(DataFixture<TDb> data) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bad_file_at_start_names_its_problems()
    {
        using var catalog = Catalog(FileCatalogProfile.Write("workspaces:\n  - name: Bad_Name\n"));
        var loaded = await catalog.LoadAsync(Ct);
        Assert.False(loaded.IsSuccess);
        Assert.Contains("line 2:", loaded.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removed_workspaces_disappear_keep_their_rows_and_come_back()
    {
        var (a, b) = (Names.Unique("fa"), Names.Unique("fb"));
        var path = FileCatalogProfile.Write($"default: null\nworkspaces:\n  - name: {a}\n  - name: {b}\n    description: B\n");
        using var catalog = Catalog(path);
        Assert.True((await catalog.LoadAsync(Ct)).IsSuccess);
        var provider = new FileWorkspaceProvider(catalog);
        Assert.Null(provider.DefaultWorkspace);
        Assert.NotNull(await provider.GetAsync(b, Ct));
        await using (var db = data.Db(b))
            Assert.Equal(2, await db.Workspaces.CountAsync(w => w.Name == a || w.Name == b, Ct)); // anchored for the foreign keys
        await using (var db = data.Db(b))
            await db.AddExperimentAsync(b, "kept");

        await File.WriteAllTextAsync(path, $"default: null\nworkspaces:\n  - name: {a}\n", Ct);
        Assert.True((await catalog.ReloadAsync(Ct)).IsSuccess);
        Assert.Null(await provider.GetAsync(b, Ct));
        await using (var db = data.Db(b))
            Assert.Equal(1, await db.Experiments.CountAsync(e => e.Name == "kept", Ct));

        await File.WriteAllTextAsync(path, $"default: null\nworkspaces:\n  - name: {a}\n  - name: {b}\n", Ct);
        Assert.True((await catalog.ReloadAsync(Ct)).IsSuccess);
        Assert.NotNull(await provider.GetAsync(b, Ct));
    }

    [Fact]
    public async Task A_bad_edit_keeps_the_last_good_list_and_a_good_one_is_picked_up_by_the_watcher()
    {
        var (a, c) = (Names.Unique("wa"), Names.Unique("wc"));
        var path = FileCatalogProfile.Write($"workspaces:\n  - name: {a}\n");
        using var catalog = Catalog(path);
        Assert.True((await catalog.LoadAsync(Ct)).IsSuccess);
        var provider = new FileWorkspaceProvider(catalog);

        await File.WriteAllTextAsync(path, "workspaces:\n  - name: NOT valid\n", Ct);
        Assert.False((await catalog.ReloadAsync(Ct)).IsSuccess);
        Assert.NotNull(await provider.GetAsync(a, Ct));

        // No explicit reload: the file watcher sees the change.
        await File.WriteAllTextAsync(path, $"workspaces:\n  - name: {a}\n  - name: {c}\n", Ct);
        for (var i = 0; i < 100 && await provider.GetAsync(c, Ct) is null; i++)
            await Task.Delay(100, Ct);
        Assert.NotNull(await provider.GetAsync(c, Ct));
    }

    private FileWorkspaceCatalog Catalog(string path) => new(path, data.Store, NullLogger<FileWorkspaceCatalog>.Instance);
}

public sealed class FileWorkspaceCatalogTests_Sqlite(DataFixture<SqliteDb> d) : FileWorkspaceCatalogTests<SqliteDb>(d);

public sealed class FileWorkspaceCatalogTests_Postgres(DataFixture<PostgresDb> d) : FileWorkspaceCatalogTests<PostgresDb>(d);

public sealed class FileWorkspaceCatalogTests_MySql(DataFixture<MySqlDb> d) : FileWorkspaceCatalogTests<MySqlDb>(d);
