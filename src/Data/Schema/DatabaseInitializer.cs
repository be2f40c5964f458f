using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Schema;

/// <summary>
/// Start-up and <c>db upgrade</c> work on the schema: a fresh database is created, an outdated one is
/// refused (naming the upgrade command), and the rows every server needs are ensured.
/// </summary>
public sealed class DatabaseInitializer(StoreConnection store, ServerSettings settings, TimeProvider time)
{
    public const string UpgradeCommand = "dotnet run --project src/Web -- db upgrade";

    /// <summary>Creates a fresh database, refuses an outdated one, then ensures the default rows.</summary>
    public async Task<Result> InitializeAsync(CancellationToken ct)
    {
        try
        {
            await using var db = store.CreateContext(new WorkspaceContext());
            var creator = db.GetService<IRelationalDatabaseCreator>();
            var applied = await creator.ExistsAsync(ct) ? (await db.Database.GetAppliedMigrationsAsync(ct)).ToList() : [];
            var known = db.Database.GetMigrations().ToList();
            if (applied.Count == 0)
            {
                await PrepareEmptyAsync(db, ct);
                await db.Database.MigrateAsync(ct);
            }
            else if (applied.Except(known).FirstOrDefault() is { } unknown)
            {
                return Error.InvalidState(
                    $"The database schema ({unknown}) is newer than this server knows (expected {known[^1]}). Upgrade the server.");
            }
            else if (known.Except(applied).Any())
            {
                return Error.InvalidState(
                    $"Detected out-of-date database schema (found version {applied[^1]}, but expected {known[^1]}). "
                    + $"Take a backup of your database, then run '{UpgradeCommand} <database_uri>' to migrate your database to the latest schema.");
            }
            await EnsureDefaultsAsync(db, ct);
            return Result.Ok;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            return Unreachable(ex);
        }
    }

    /// <summary><c>db upgrade</c>: applies every pending migration, then ensures the default rows.</summary>
    public async Task<Result<int>> UpgradeAsync(CancellationToken ct)
    {
        try
        {
            await using var db = store.CreateContext(new WorkspaceContext());
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            if (pending == db.Database.GetMigrations().Count())
                await PrepareEmptyAsync(db, ct);
            await db.Database.MigrateAsync(ct);
            await EnsureDefaultsAsync(db, ct);
            return pending;
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            return Unreachable(ex);
        }
    }

    /// <summary>Before the first migration: MySQL's database takes its character set and collation (<see cref="MySqlSchema"/>).</summary>
    private Task PrepareEmptyAsync(TrackingDbContext db, CancellationToken ct) =>
        store.Location.Provider == DatabaseProvider.MySql ? MySqlSchema.PrepareAsync(db, ct) : Task.CompletedTask;

    private Error Unreachable(Exception ex)
    {
        var reason = (ex.InnerException?.Message ?? ex.Message).ReplaceLineEndings(" ");
        return new Error(ErrorCode.TemporarilyUnavailable, $"Cannot use the backend store {store.Location.Display}: {reason}");
    }

    private async Task EnsureDefaultsAsync(TrackingDbContext db, CancellationToken ct)
    {
        if (store.Location.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers proceed while one writer logs metrics.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        // Insert-or-ignore makes two servers starting at once harmless.
        var provider = store.Location.Provider;
        await db.Database.ExecuteSqlRawAsync(
            SqlDialect.InsertOrIgnore(provider, "workspaces (name, description) VALUES ({0}, {1})"),
            [WorkspaceNames.Default, WorkspaceNames.DefaultDescription], ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var location = settings.ServerArtifactRoot is { } root ? ArtifactUri.Append(root, "0") : null;
        // Experiment 0 "Default" lives in `default`; inserted by SQL because EF treats key 0 as "unset" (and MySQL's
        // AUTO_INCREMENT does too, unless the statement runs with NO_AUTO_VALUE_ON_ZERO).
        var insert = SqlDialect.InsertOrIgnore(provider,
            "experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) "
            + "VALUES (0, 'Default', {0}, 'active', {1}, {1}, {2})");
        if (provider == DatabaseProvider.MySql)
            insert = "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO'); " + insert
                + "; SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_AUTO_VALUE_ON_ZERO', '')";
        await db.Database.ExecuteSqlRawAsync(insert, [location!, now, WorkspaceNames.Default], ct);
    }
}
