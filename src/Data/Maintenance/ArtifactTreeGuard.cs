using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Maintenance;

internal enum TreeAction
{
    /// <summary>The entity has no artifact location.</summary>
    None,
    Delete,
    /// <summary>The location is not safe to remove; <see cref="TreeCheck.Reason"/> says why.</summary>
    Keep,
    /// <summary>No store serves the scheme (gs://, hdfs:// …); MLflow's InvalidUrlException case.</summary>
    Unsupported,
}

internal sealed record TreeCheck(TreeAction Action, IArtifactStore? Store = null, string? Key = null, string? Reason = null);

/// <summary>
/// Decides whether an entity's artifact tree may be deleted. A tree goes only when its path names the entity
/// (the experiment id as last segment, the run or model id as a segment) and it holds nothing that outlives
/// the entity: not a storage root (the artifacts destination, the server root, a workspace root, their
/// <c>workspaces</c> and <c>workspaces/&lt;name&gt;</c> folders), not a surviving experiment's location, not
/// the files of a registered model version. Trees are compared by a store-level key (local absolute path or
/// s3://bucket/prefix), so <c>mlflow-artifacts:/x</c> and the destination path it maps to are the same tree.
/// </summary>
internal sealed class ArtifactTreeGuard
{

    private readonly IArtifactStoreFactory _stores;
    private readonly List<(string Key, string What)> _containers = [];
    private readonly List<(string Key, string What)> _held = [];

    private ArtifactTreeGuard(IArtifactStoreFactory stores) => _stores = stores;

    /// <summary>Reads the roots to protect. <paramref name="doomedExperiments"/> are being removed, so theirs are not.</summary>
    public static async Task<ArtifactTreeGuard> LoadAsync(TrackingDbContext db, IArtifactStoreFactory stores, ServerSettings settings,
        IReadOnlySet<long> doomedExperiments, CancellationToken ct)
    {
        var guard = new ArtifactTreeGuard(stores);
        try
        {
            guard.AddContainer(stores.Destination, "the artifacts destination");
        }
        catch (InvalidOperationException)
        {
            // A destination no store serves: mlflow-artifacts: trees are then unsupported, never deleted.
        }
        if (settings.ServerArtifactRoot is { } root)
            guard.AddContainer(root, "the default artifact root");
        var workspaceRoots = await db.Workspaces.Where(w => w.DefaultArtifactRoot != null && w.DefaultArtifactRoot != "")
            .Select(w => new { w.Name, Root = w.DefaultArtifactRoot! }).ToListAsync(ct);
        foreach (var w in workspaceRoots)
            guard.AddContainer(w.Root, $"the artifact root of workspace '{w.Name}'");

        var experiments = await db.Experiments.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection).Where(e => e.ArtifactLocation != null && e.ArtifactLocation != "")
            .Select(e => new { e.ExperimentId, Location = e.ArtifactLocation! }).ToListAsync(ct);
        foreach (var e in experiments.Where(e => !doomedExperiments.Contains(e.ExperimentId)))
            guard.AddHeld(e.Location, $"the artifacts of experiment {ExperimentIds.Format(e.ExperimentId)}");

        // MLflow's gc breaks registered versions whose files live under a run or logged model; here those files stay.
        var versions = await db.ModelVersions.AcrossAllWorkspaces(CrossWorkspaceReason.GarbageCollection).Where(v => v.CurrentStage != ModelVersion.DeletedStage)
            .Select(v => new { v.Model!.Name, v.Version, v.Source, v.StorageLocation }).ToListAsync(ct);
        foreach (var v in versions)
        {
            var what = $"the files of version {v.Version} of registered model '{v.Name}'";
            foreach (var uri in new[] { v.StorageLocation, v.Source })
            {
                if (!string.IsNullOrEmpty(uri) && !uri.StartsWith("models:", StringComparison.OrdinalIgnoreCase)
                    && !uri.StartsWith("runs:", StringComparison.OrdinalIgnoreCase))
                    guard.AddHeld(uri, what);
            }
        }
        guard._held.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return guard;
    }

    /// <summary>
    /// The verdict for the tree at <paramref name="uri"/> of entity <paramref name="id"/>. For an experiment the id must be
    /// the last path segment (that is how locations are generated), for runs and models any segment.
    /// </summary>
    public TreeCheck Check(string? uri, string id, bool idIsLastSegment)
    {
        if (string.IsNullOrWhiteSpace(uri))
            return new TreeCheck(TreeAction.None);
        IArtifactStore? store;
        try
        {
            store = _stores.ForUri(uri);
        }
        catch (ArgumentException ex)
        {
            return new TreeCheck(TreeAction.Keep, Reason: ex.Message);
        }
        if (store is null)
            return new TreeCheck(TreeAction.Unsupported);
        var key = store.Location;
        var segments = ArtifactUri.PathSegments(uri);
        var named = idIsLastSegment ? segments.Count > 0 && segments[^1] == id : segments.Contains(id);
        if (!named)
            return new TreeCheck(TreeAction.Keep, Reason: $"the location does not name {id}, so it may hold more than its artifacts");
        foreach (var (container, what) in _containers)
        {
            if (Contains(key, container))
                return new TreeCheck(TreeAction.Keep, Reason: $"it holds {what}");
            var workspaces = container + "/" + ArtifactPath.WorkspacesSegment;
            if (key == workspaces || (key.StartsWith(workspaces + "/", StringComparison.Ordinal) && !key[(workspaces.Length + 1)..].Contains('/')))
                return new TreeCheck(TreeAction.Keep, Reason: $"it is a workspace folder of {what}");
        }
        if (FindHeld(key) is { } held)
            return new TreeCheck(TreeAction.Keep, Reason: $"it holds {held}");
        return new TreeCheck(TreeAction.Delete, store, key);
    }

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or lies inside it.</summary>
    public static bool Contains(string outer, string inner) =>
        inner == outer || inner.StartsWith(outer + "/", StringComparison.Ordinal);

    private void AddContainer(string uri, string what)
    {
        if (KeyFor(uri) is { } key)
            _containers.Add((key, what));
    }

    private void AddContainer(IArtifactStore store, string what) => _containers.Add((store.Location, what));

    private void AddHeld(string uri, string what)
    {
        if (KeyFor(uri) is { } key)
            _held.Add((key, what));
    }

    private string? KeyFor(string uri)
    {
        try
        {
            return _stores.ForUri(uri)?.Location;
        }
        catch (ArgumentException)
        {
            return null; // a location that climbs out of the destination names nothing we would delete
        }
    }

    /// <summary>A held root equal to <paramref name="key"/> or inside it, by binary search over the sorted keys.</summary>
    private string? FindHeld(string key)
    {
        foreach (var probe in new[] { key, key + "/" })
        {
            var index = LowerBound(probe);
            if (index < _held.Count && Contains(key, _held[index].Key))
                return _held[index].What;
        }
        return null;
    }

    private int LowerBound(string probe)
    {
        int lo = 0, hi = _held.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(_held[mid].Key, probe) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
}
