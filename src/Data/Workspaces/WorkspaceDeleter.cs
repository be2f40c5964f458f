using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Maintenance;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;

namespace Workspaces.Data.Workspaces;

// The raw SQL below interpolates only identifiers taken from the EF model and quoted by the provider;
// every value travels as a parameter ({0}, {1}).
#pragma warning disable EF1002, EF1003

/// <summary>
/// Deletes a workspace in one transaction over every workspace-owned root table of the EF model, so
/// tables added later join RESTRICT, CASCADE and SET_DEFAULT without new code. The catalog row is locked
/// first; a concurrent create in the workspace either commits before the check (and is counted) or
/// fails its foreign key afterwards — it can never survive as an orphan. CASCADE also leaves artifact
/// tombstones for <c>gc</c>, because the files outlive the rows that pointed at them.
/// </summary>
public sealed class WorkspaceDeleter(IDbContextFactory<TrackingDbContext> dbFactory, TimeProvider time)
{
    public async Task<Result> DeleteAsync(string name, WorkspaceDeletionMode mode, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sql = new SqlText(db);
        Result outcome;
        try
        {
            // SQLite: BEGIN IMMEDIATE takes the write lock now. PostgreSQL: FOR UPDATE below.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            outcome = await DeleteInTransactionAsync(db, sql, name, mode, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
            if (outcome.IsSuccess)
                await tx.CommitAsync(ct);
        }
        catch (DbException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            outcome = Error.InvalidState(mode == WorkspaceDeletionMode.SetDefault
                ? $"Cannot delete workspace '{name}': resources in this workspace conflict with existing resources in the 'default' workspace. "
                  + $"Resolve naming conflicts before deleting. Error: {ex.Message}"
                : $"Cannot delete workspace '{name}': deletion failed due to database integrity constraints while operating in '{ModeName(mode)}' mode. "
                  + $"This often indicates that related resources still reference this workspace. Error: {ex.Message}");
        }
        return outcome;
    }

    private static async Task<Result> DeleteInTransactionAsync(
        TrackingDbContext db, SqlText sql, string name, WorkspaceDeletionMode mode, long now, CancellationToken ct)
    {
        var lockSuffix = db.Database.IsSqlite() ? "" : " FOR UPDATE";
        var found = await db.Database
            .SqlQueryRaw<string>($"SELECT {sql.Id("name")} AS {sql.Id("Value")} FROM {sql.Id("workspaces")} WHERE {sql.Id("name")} = {{0}}{lockSuffix}", name)
            .ToListAsync(ct);
        if (found.Count == 0)
            return Error.WorkspaceNotFound(name);

        var tables = WorkspaceRootTables.From(db.Model);
        switch (mode)
        {
            case WorkspaceDeletionMode.Restrict:
                foreach (var t in tables)
                {
                    var count = await db.Database
                        .SqlQueryRaw<long>($"SELECT COUNT(*) AS {sql.Id("Value")} FROM {sql.Table(t)} WHERE {sql.Id(t.WorkspaceColumn)} = {{0}}", name)
                        .SingleAsync(ct);
                    if (count > 0)
                    {
                        return Error.InvalidState(
                            $"Cannot delete workspace '{name}': table '{t.Table}' still contains {count} resource(s). "
                            + "Remove or reassign them before deleting the workspace.");
                    }
                }
                break;
            case WorkspaceDeletionMode.SetDefault:
                var conflicts = await FindConflictsAsync(db, sql, tables, name, ct);
                if (conflicts.Count > 0)
                {
                    return Error.InvalidState(
                        $"Cannot reassign resources from workspace '{name}' to '{WorkspaceNames.Default}': the following names already exist in the "
                        + $"default workspace and would cause conflicts:\n{string.Join('\n', conflicts)}\n"
                        + "Rename or remove the conflicting resources before retrying.");
                }
                foreach (var t in tables)
                {
                    await db.Database.ExecuteSqlRawAsync(
                        $"UPDATE {sql.Table(t)} SET {sql.Id(t.WorkspaceColumn)} = {{0}} WHERE {sql.Id(t.WorkspaceColumn)} = {{1}}",
                        [WorkspaceNames.Default, name], ct);
                }
                break;
            case WorkspaceDeletionMode.Cascade:
                // Recorded before the rows go, in this transaction: a rollback leaves no tombstone for live files.
                await TombstoneRecorder.RecordWorkspaceAsync(db, name, now, ct);
                // Children (runs, tags, versions…) go with their roots through ON DELETE CASCADE; metric points have no key to
                // cascade through and go first, their runs locked (the workspace row, locked above, keeps new experiments out).
                await RunMetricsCleanup.DeleteForExperimentsAsync(db, "workspace = @p0", [name], ct);
                foreach (var t in tables)
                    await db.Database.ExecuteSqlRawAsync($"DELETE FROM {sql.Table(t)} WHERE {sql.Id(t.WorkspaceColumn)} = {{0}}", [name], ct);
                break;
        }
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM {sql.Id("workspaces")} WHERE {sql.Id("name")} = {{0}}", [name], ct);
        return Result.Ok;
    }

    private static async Task<List<string>> FindConflictsAsync(
        TrackingDbContext db, SqlText sql, IReadOnlyList<WorkspaceRootTable> tables, string name, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var t in tables.Where(t => t.NameColumn is not null))
        {
            var n = sql.Id(t.NameColumn!);
            var w = sql.Id(t.WorkspaceColumn);
            var names = await db.Database.SqlQueryRaw<string>(
                    $"SELECT a.{n} AS {sql.Id("Value")} FROM {sql.Table(t)} a WHERE a.{w} = {{0}} AND EXISTS "
                    + $"(SELECT 1 FROM {sql.Table(t)} b WHERE b.{w} = {{1}} AND b.{n} = a.{n})",
                    name, WorkspaceNames.Default)
                .ToListAsync(ct);
            lines.AddRange(names.Order(StringComparer.Ordinal).Select(x => $"  - {t.Table}: '{x}'"));
        }
        return lines;
    }

    private static string ModeName(WorkspaceDeletionMode mode) => mode switch
    {
        WorkspaceDeletionMode.Cascade => "CASCADE",
        WorkspaceDeletionMode.SetDefault => "SET_DEFAULT",
        _ => "RESTRICT",
    };

    /// <summary>Identifier quoting of the current provider.</summary>
    private sealed class SqlText(TrackingDbContext db)
    {
        private readonly ISqlGenerationHelper _helper = db.GetService<ISqlGenerationHelper>();

        public string Id(string identifier) => _helper.DelimitIdentifier(identifier);

        public string Table(WorkspaceRootTable t) => _helper.DelimitIdentifier(t.Table, t.Schema);
    }
}
