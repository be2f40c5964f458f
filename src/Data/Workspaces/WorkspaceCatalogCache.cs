using System.Collections.Concurrent;

namespace Workspaces.Data.Workspaces;

/// <summary>
/// Remembers for <see cref="Common.ReplicaCaches.Ttl"/> which workspaces exist, so resolving the request header does not cost a
/// query on every metric logged. Deletes in this process forget the name at once; the catalog foreign
/// keys keep data consistent even when another replica deleted a workspace within the window.
/// </summary>
public sealed class WorkspaceCatalogCache(TimeProvider time)
{
    private static readonly TimeSpan Ttl = Common.ReplicaCaches.Ttl;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _known = new(StringComparer.Ordinal);

    public bool IsKnown(string name) => _known.TryGetValue(name, out var until) && until > time.GetUtcNow();

    public void Remember(string name) => _known[name] = time.GetUtcNow() + Ttl;

    public void Forget(string name) => _known.TryRemove(name, out _);

    /// <summary>Forgets everything (a reloaded workspaces file may have removed any name).</summary>
    public void Clear() => _known.Clear();
}
