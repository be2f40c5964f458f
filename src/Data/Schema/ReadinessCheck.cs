using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Schema;

/// <summary>One check of <see cref="ReadinessCheck"/>: its name, whether it passed, and a reason when it did not.</summary>
public sealed record ReadinessItem(string Name, bool Ok, string? Problem = null);

/// <summary>
/// What a load balancer asks before sending traffic (<c>/health/ready</c>): the database answers, its schema is the one
/// this server knows (another replica may have upgraded it), and the artifacts destination can be listed when the server
/// proxies artifacts. Each check has a short budget, so a hung dependency makes the replica "not ready", not the probe hang.
/// Problems name the failing part, never a password (store URIs are shown redacted).
/// </summary>
public sealed class ReadinessCheck(StoreConnection store, ServerSettings settings, IArtifactStoreFactory artifacts)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<ReadinessItem>> RunAsync(CancellationToken ct)
    {
        var database = await DatabaseAsync(ct);
        var items = new List<ReadinessItem> { database.Reachable, database.Schema };
        if (settings.ServeArtifacts)
            items.Add(await ArtifactsAsync(ct));
        return items;
    }

    private async Task<(ReadinessItem Reachable, ReadinessItem Schema)> DatabaseAsync(CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(Budget);
        try
        {
            await using var db = store.CreateContext(new WorkspaceContext());
            if (!await db.Database.CanConnectAsync(budget.Token))
                return (new("database", false, $"{store.Location.Display} does not answer"), new("schema", false, "database not reachable"));
            var pending = (await db.Database.GetPendingMigrationsAsync(budget.Token)).ToList();
            var known = db.Database.GetMigrations().ToHashSet();
            var unknown = (await db.Database.GetAppliedMigrationsAsync(budget.Token)).Where(m => !known.Contains(m)).ToList();
            var schema = pending.Count > 0 ? new ReadinessItem("schema", false, $"older than this server: {pending.Count} migration(s) pending")
                : unknown.Count > 0 ? new ReadinessItem("schema", false, $"newer than this server ({unknown[^1]})")
                : new ReadinessItem("schema", true);
            return (new("database", true), schema);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            return (new("database", false, $"{store.Location.Display}: {ex.GetType().Name}"), new("schema", false, "database not reachable"));
        }
    }

    private async Task<ReadinessItem> ArtifactsAsync(CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(Budget);
        try
        {
            await artifacts.Destination.ListAsync("", budget.Token);
            return new("artifacts", true);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Any failure of the store (network, credentials, a missing bucket) means "not ready"; the type says which kind.
            return new("artifacts", false, $"the artifacts destination cannot be listed ({ex.GetType().Name})");
        }
    }
}
