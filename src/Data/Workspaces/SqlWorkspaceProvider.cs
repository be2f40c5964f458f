using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// The catalog in the backend store's <c>workspaces</c> table (MLflow's SQL workspace store): every operation, and
/// <c>default</c> as the default workspace unless <c>Server:DefaultWorkspace</c> is set empty (no default).
/// </summary>
public sealed class SqlWorkspaceProvider(IDbContextFactory<TrackingDbContext> dbFactory, ServerSettings settings, WorkspaceDeleter deleter)
    : IWorkspaceProvider
{
    public string Kind => "sql";

    public WorkspaceCapabilities Capabilities => WorkspaceCapabilities.All;

    public string? DefaultWorkspace => string.IsNullOrEmpty(settings.DefaultWorkspace) ? null : settings.DefaultWorkspace;

    public async Task<IReadOnlyList<WorkspaceInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Workspaces.ToListAsync(ct);
        // Ordinal order in memory: database collations (ICU) may ignore '-' when sorting.
        return rows.OrderBy(w => w.Name, StringComparer.Ordinal).Select(ToInfo).ToList();
    }

    public async Task<WorkspaceInfo?> GetAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Workspaces.FirstOrDefaultAsync(w => w.Name == name, ct);
        return row is null ? null : ToInfo(row);
    }

    public async Task<Result<WorkspaceInfo>> CreateAsync(CreateWorkspace request, CancellationToken ct)
    {
        var name = request.Name!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Workspaces.AnyAsync(w => w.Name == name, ct))
            return AlreadyExists(name);
        var row = new WorkspaceEntity { Name = name, Description = request.Description, DefaultArtifactRoot = NullIfEmpty(request.DefaultArtifactRoot) };
        db.Workspaces.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            // Lost a race with a concurrent create of the same name.
            return AlreadyExists(name);
        }
        return ToInfo(row);
    }

    public async Task<Result<WorkspaceInfo>> UpdateAsync(UpdateWorkspace request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Workspaces.AsTracking().FirstOrDefaultAsync(w => w.Name == request.Name, ct);
        if (row is null)
            return Error.WorkspaceNotFound(request.Name);
        if (request.Description is not null)
            row.Description = request.Description;
        if (request.DefaultArtifactRoot is not null)
            row.DefaultArtifactRoot = NullIfEmpty(request.DefaultArtifactRoot);
        await db.SaveChangesAsync(ct);
        return ToInfo(row);
    }

    public Task<Result> DeleteAsync(string name, WorkspaceDeletionMode mode, CancellationToken ct) => deleter.DeleteAsync(name, mode, ct);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static Error AlreadyExists(string name) => Error.AlreadyExists($"Workspace '{name}' already exists.");

    private static WorkspaceInfo ToInfo(WorkspaceEntity row) => new(row.Name, row.Description, row.DefaultArtifactRoot);
}
