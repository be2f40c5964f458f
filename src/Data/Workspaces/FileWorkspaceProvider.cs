using Microsoft.Extensions.Logging;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// A read-only catalog from a workspaces file (<c>file:///etc/mlflow/workspaces.yaml</c>), for workspaces managed in Git.
/// The file is read at start (a bad file stops the server, one line per problem) and again whenever it changes; a bad
/// edit is logged and the last good list kept. The backend store keeps one row per workspace the file ever listed, so
/// resources keep their foreign key to it: a workspace removed from the file answers 404 while its resources wait in the
/// database, and come back with it. Those rows also carry the file's description and artifact root for <c>gc</c>.
/// </summary>
public sealed class FileWorkspaceCatalog : IDisposable
{
    private readonly string _path;
    private readonly StoreConnection _store;
    private readonly ILogger<FileWorkspaceCatalog> _logger;
    private readonly bool _serverHasRoot;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private FileSystemWatcher? _watcher;
    private volatile WorkspaceFileContent _current = new([], null);

    public FileWorkspaceCatalog(string path, StoreConnection store, ILogger<FileWorkspaceCatalog> logger, bool serverHasRoot = true)
    {
        (_path, _store, _logger, _serverHasRoot) = (Path.GetFullPath(path), store, logger, serverHasRoot);
    }

    public WorkspaceFileContent Current => _current;

    /// <summary>Raised after a good file replaced the list (the resolver's cache forgets what it knew).</summary>
    public event Action? Reloaded;

    /// <summary>The first read, at start: the error lists every problem of the file.</summary>
    public async Task<Result> LoadAsync(CancellationToken ct)
    {
        var loaded = await ReadAsync(ct);
        if (!loaded.IsSuccess)
            return Error.InvalidParameter($"Workspaces file {_path}:\n{loaded.Error.Message}");
        await ApplyAsync(loaded.Value, ct);
        Watch();
        return Result.Ok;
    }

    /// <summary>Reads the file again now (the watcher calls this; tests call it to avoid waiting for the file system).</summary>
    public async Task<Result> ReloadAsync(CancellationToken ct)
    {
        await _reload.WaitAsync(ct);
        try
        {
            var loaded = await ReadAsync(ct);
            if (!loaded.IsSuccess)
            {
                _logger.LogError("Workspaces file {Path} was not reloaded; the last good list stays in use:\n{Problems}", _path, loaded.Error.Message);
                return loaded.Error;
            }
            await ApplyAsync(loaded.Value, ct);
            _logger.LogInformation("Workspaces file {Path} reloaded: {Count} workspace(s)", _path, loaded.Value.Workspaces.Count);
            return Result.Ok;
        }
        finally
        {
            _reload.Release();
        }
    }

    private async Task<Result<WorkspaceFileContent>> ReadAsync(CancellationToken ct)
    {
        try
        {
            return WorkspaceFile.Parse(await File.ReadAllTextAsync(_path, ct), _serverHasRoot);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Error.InvalidParameter($"cannot read the file: {ex.Message}");
        }
    }

    /// <summary>Anchors every listed workspace in the backend store (inserted or refreshed, never deleted), then swaps the list.</summary>
    private async Task ApplyAsync(WorkspaceFileContent content, CancellationToken ct)
    {
        await using (var db = _store.CreateContext(new WorkspaceContext()))
            await WorkspaceAnchors.UpsertAsync(db, content.Workspaces, refresh: true, ct);
        _current = content;
        Reloaded?.Invoke();
    }

    private void Watch()
    {
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        // Editors replace files (rename) as often as they write them; both end in a reload, a burst of events in one.
        FileSystemEventHandler changed = (_, _) => _ = Task.Run(async () =>
        {
            await Task.Delay(200);
            await ReloadAsync(CancellationToken.None);
        });
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Renamed += (s, e) => changed(s, e);
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _reload.Dispose();
    }
}

/// <summary>The file catalog as a provider: listing and reading only; changes are made in the file.</summary>
public sealed class FileWorkspaceProvider(FileWorkspaceCatalog catalog) : IWorkspaceProvider
{
    public string Kind => "file";

    public WorkspaceCapabilities Capabilities => WorkspaceCapabilities.ReadOnly;

    public string? DefaultWorkspace => catalog.Current.DefaultWorkspace;

    public Task<IReadOnlyList<WorkspaceInfo>> ListAsync(CancellationToken ct) => Task.FromResult(catalog.Current.Workspaces);

    public Task<WorkspaceInfo?> GetAsync(string name, CancellationToken ct) =>
        Task.FromResult(catalog.Current.Workspaces.FirstOrDefault(w => w.Name == name));

    public Task<Result<WorkspaceInfo>> CreateAsync(CreateWorkspace request, CancellationToken ct) =>
        Task.FromResult<Result<WorkspaceInfo>>(WorkspaceProviderErrors.NotSupported(this, "creating"));

    public Task<Result<WorkspaceInfo>> UpdateAsync(UpdateWorkspace request, CancellationToken ct) =>
        Task.FromResult<Result<WorkspaceInfo>>(WorkspaceProviderErrors.NotSupported(this, "updating"));

    public Task<Result> DeleteAsync(string name, WorkspaceDeletionMode mode, CancellationToken ct) =>
        Task.FromResult<Result>(WorkspaceProviderErrors.NotSupported(this, "deleting"));
}
