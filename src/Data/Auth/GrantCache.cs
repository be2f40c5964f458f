using System.Collections.Concurrent;
using Workspaces.Data.Common;

namespace Workspaces.Data.Auth;

/// <summary>
/// Grants and valid tokens as the decisions read them, kept for <see cref="ReplicaCaches.Ttl"/>: a client logging thousands of
/// batches would otherwise read the same token and grant rows for every one. Every grant change on this process clears it at once;
/// on another replica a change shows within <see cref="ReplicaCaches.Bound"/>.
/// </summary>
public sealed class GrantCache(TimeProvider time)
{
    public static readonly TimeSpan Ttl = ReplicaCaches.Ttl;

    private readonly ConcurrentDictionary<(long User, string Key), (string? Permission, DateTimeOffset Until)> _entries = new();
    private readonly ConcurrentDictionary<string, (ValidToken Token, DateTimeOffset Until)> _tokens = new(StringComparer.Ordinal);

    /// <summary>A personal access token found valid: its row id, owner and expiry (still checked on every use).</summary>
    public sealed record ValidToken(long Id, Principal Owner, long? ExpiresAt);

    private readonly ConcurrentDictionary<string, (Principal User, DateTimeOffset Until)> _passwords = new(StringComparer.Ordinal);

    /// <summary>A user whose password was verified within the last <see cref="Ttl"/>, by a keyed hash of name and password.</summary>
    public Principal? Password(string key) =>
        _passwords.TryGetValue(key, out var entry) && entry.Until > time.GetUtcNow() ? entry.User : null;

    public void PutPassword(string key, Principal user)
    {
        if (_passwords.Count > 10_000)
            _passwords.Clear();
        _passwords[key] = (user, time.GetUtcNow() + Ttl);
    }

    /// <summary>A token validated within the last <see cref="Ttl"/>, by the hash of its secret.</summary>
    public ValidToken? Token(string hash) =>
        _tokens.TryGetValue(hash, out var entry) && entry.Until > time.GetUtcNow() ? entry.Token : null;

    public void PutToken(string hash, ValidToken token)
    {
        if (_tokens.Count > 10_000)
            _tokens.Clear();
        _tokens[hash] = (token, time.GetUtcNow() + Ttl);
    }

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

    /// <summary>Called by every write to grants, users, tokens and workspaces (everything audited).</summary>
    public void Clear()
    {
        _entries.Clear();
        _tokens.Clear();
        _passwords.Clear();
    }
}
