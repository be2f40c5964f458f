using Workspaces.Data.Artifacts;

namespace Workspaces.Tests.Unit.Artifacts;

/// <summary>The behaviour every <see cref="IArtifactStore"/> backend shares; each backend runs it through a sealed subclass.</summary>
public abstract class ArtifactStoreContract
{
    private IArtifactStore? _store;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh, empty store for one test (created inside the test so a backend can skip it).</summary>
    protected IArtifactStore Store => _store ??= CreateStore();

    protected abstract IArtifactStore CreateStore();

    protected async Task WriteAsync(string path, byte[] content, bool knownLength = true)
    {
        using var stream = new MemoryStream(content);
        await Store.WriteAsync(path, stream, knownLength ? content.Length : null, Ct);
    }

    protected async Task<byte[]?> ReadAsync(string path)
    {
        await using var file = await Store.OpenReadAsync(path, Ct);
        if (file is null)
            return null;
        using var copy = new MemoryStream();
        await file.Content.CopyToAsync(copy, Ct);
        Assert.Equal(file.Length, copy.Length);
        return copy.ToArray();
    }

    protected async Task<List<(string Path, long Size)>> WalkAsync(string directory)
    {
        var files = new List<(string Path, long Size)>();
        await foreach (var file in Store.WalkAsync(directory, Ct))
            files.Add(file);
        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    [Theory]
    [InlineData("empty.bin", 0)]
    [InlineData("small.txt", 13)]
    [InlineData("a/b/c/nested.bin", 300_000)]
    public async Task Write_then_read_returns_the_same_bytes(string path, int size)
    {
        var content = GeneratedStream.Bytes(size, seed: size);
        await WriteAsync(path, content);
        Assert.Equal(content, await ReadAsync(path));
    }

    [Fact]
    public async Task Write_of_a_non_seekable_stream_without_length_round_trips()
    {
        await using (var source = new GeneratedStream(70_000, seed: 7))
            await Store.WriteAsync("dir/stream.bin", source, null, Ct);
        Assert.Equal(GeneratedStream.Bytes(70_000, seed: 7), await ReadAsync("dir/stream.bin"));
    }

    [Fact]
    public async Task Write_overwrites_an_existing_file()
    {
        await WriteAsync("model/weights.bin", GeneratedStream.Bytes(5000, seed: 1));
        var shorter = GeneratedStream.Bytes(10, seed: 2);
        await WriteAsync("model/weights.bin", shorter);
        Assert.Equal(shorter, await ReadAsync("model/weights.bin"));
        Assert.Equal([new ArtifactEntry("weights.bin", false, 10)], await Store.ListAsync("model", Ct));
    }

    [Fact]
    public async Task List_returns_sorted_children_with_directories_flagged_and_file_sizes()
    {
        await WriteAsync("run/b.txt", new byte[3]);
        await WriteAsync("run/a.txt", new byte[5]);
        await WriteAsync("run/model/MLmodel", new byte[7]);
        await WriteAsync("run/model/data/x.pkl", new byte[1]);
        await WriteAsync("run/Z.json", []);
        await WriteAsync("runner/other.txt", new byte[2]);

        var entries = await Store.ListAsync("run", Ct);

        Assert.Equal(
            [new("Z.json", false, 0), new("a.txt", false, 5), new("b.txt", false, 3), new("model", true, null)],
            entries);
    }

    [Fact]
    public async Task List_of_the_root_shows_top_level_entries()
    {
        await WriteAsync("top.txt", new byte[4]);
        await WriteAsync("dir/inner.txt", new byte[1]);
        Assert.Equal([new("dir", true, null), new("top.txt", false, 4)], await Store.ListAsync("", Ct));
    }

    [Fact]
    public async Task List_of_a_missing_directory_is_empty() =>
        Assert.Empty(await Store.ListAsync("does/not/exist", Ct));

    [Fact]
    public async Task List_of_a_file_path_is_empty()
    {
        await WriteAsync("dir/file.txt", new byte[4]);
        Assert.Empty(await Store.ListAsync("dir/file.txt", Ct));
    }

    [Fact]
    public async Task Delete_of_a_file_removes_only_that_file()
    {
        await WriteAsync("dir/keep.txt", new byte[1]);
        await WriteAsync("dir/drop.txt", new byte[1]);
        await Store.DeleteAsync("dir/drop.txt", Ct);
        Assert.Null(await ReadAsync("dir/drop.txt"));
        Assert.Equal([new ArtifactEntry("keep.txt", false, 1)], await Store.ListAsync("dir", Ct));
    }

    [Fact]
    public async Task Delete_of_a_directory_removes_the_tree_but_not_a_sibling_sharing_its_prefix()
    {
        await WriteAsync("model/MLmodel", new byte[1]);
        await WriteAsync("model/data/a/b.bin", new byte[2]);
        await WriteAsync("model2/keep.bin", new byte[3]);
        await WriteAsync("model.txt", new byte[4]);

        await Store.DeleteAsync("model", Ct);

        Assert.Empty(await Store.ListAsync("model", Ct));
        Assert.Empty(await WalkAsync("model"));
        Assert.Equal([("model.txt", 4L), ("model2/keep.bin", 3L)], await WalkAsync(""));
    }

    [Fact]
    public async Task Delete_of_a_missing_path_does_nothing()
    {
        await WriteAsync("present.txt", new byte[1]);
        await Store.DeleteAsync("absent/file.txt", Ct);
        await Store.DeleteAsync("absent", Ct);
        Assert.Equal([("present.txt", 1L)], await WalkAsync(""));
    }

    [Fact]
    public async Task Walk_returns_every_file_below_the_directory_with_root_relative_paths()
    {
        await WriteAsync("run/a.txt", new byte[5]);
        await WriteAsync("run/model/MLmodel", new byte[7]);
        await WriteAsync("run/model/data/x.pkl", new byte[1]);
        await WriteAsync("other/y.txt", new byte[2]);

        Assert.Equal([("run/a.txt", 5L), ("run/model/MLmodel", 7L), ("run/model/data/x.pkl", 1L)], await WalkAsync("run"));
        Assert.Equal(4, (await WalkAsync("")).Count);
        Assert.Empty(await WalkAsync("missing"));
    }

    [Fact]
    public async Task Read_of_a_missing_file_is_null() => Assert.Null(await ReadAsync("nope/missing.bin"));

    [Fact]
    public async Task Read_of_a_directory_is_null()
    {
        await WriteAsync("dir/inner.txt", new byte[1]);
        Assert.Null(await ReadAsync("dir"));
        Assert.Null(await ReadAsync(""));
    }
}
