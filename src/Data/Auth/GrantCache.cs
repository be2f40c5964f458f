using System.Collections.Concurrent;

namespace Workspaces.Data.Auth;

/// <summary>
/// Grants as the decisions read them, kept for two seconds: a client logging thousands of batches would otherwise
/// read the same two grant rows for every one. Every grant change on this process clears it at once; on another
/// replica a change shows within <see cref="Ttl"/>.
/// </summary>
public sealed class GrantCache(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(long User, string Key), (string? Permission, DateTimeOffset Until)> _entries = new();

    public bool TryGet(long user, string key, out string? permission)
    {
        if (_entries.TryGetValue((user, key), out var entry) && entry.Until > time.GetUtcNow())
        {
            permission = entry.Permission;
            return true;
        }
        permission = null;
        return false;
    }

    public void Put(long user, string key, string? permission)
    {
        if (_entries.Count > 50_000)
            _entries.Clear(); // bounded memory; a refill costs one query per key
        _entries[(user, key)] = (permission, time.GetUtcNow() + Ttl);
    }

    /// <summary>Called by every write to grants, users' admin flags and workspaces.</summary>
    public void Clear() => _entries.Clear();
}
