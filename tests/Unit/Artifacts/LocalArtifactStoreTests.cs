using Workspaces.Data.Artifacts;

namespace Workspaces.Tests.Unit.Artifacts;

public sealed class LocalArtifactStoreTests : ArtifactStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workspaces-tests", "artifacts-" + Guid.NewGuid().ToString("N"));

    protected override IArtifactStore CreateStore() => new LocalArtifactStore(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    public async Task A_path_escaping_the_root_is_refused(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(path, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(path, new MemoryStream([1]), 1, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(path, Ct));
    }

    [Fact]
    public async Task A_sibling_directory_sharing_the_root_name_is_outside() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync($"../{Path.GetFileName(_root)}x", Ct));

    [Fact]
    public async Task Write_leaves_only_the_file_behind()
    {
        await WriteAsync("dir/file.bin", new byte[10]);
        Assert.Equal(["file.bin"], Directory.GetFileSystemEntries(Path.Combine(_root, "dir")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_failed_write_keeps_the_previous_file_and_no_temp_file()
    {
        await WriteAsync("f.bin", [1, 2, 3]);
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync("f.bin", new FailingStream(failAfter: 100), null, Ct));
        Assert.Equal([1, 2, 3], await ReadAsync("f.bin"));
        Assert.Equal(["f.bin"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Dot_files_are_listed_and_walked()
    {
        await WriteAsync(".hidden/.env", new byte[2]);
        Assert.Equal([new ArtifactEntry(".hidden", true, null)], await Store.ListAsync("", Ct));
        Assert.Equal([(".hidden/.env", 2L)], await WalkAsync(""));
    }

    [Fact]
    public void A_relative_root_resolves_against_the_current_directory() =>
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "mlartifacts", "x"), new LocalArtifactStore("./mlartifacts/x").Root);
}
