using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>
/// Server-side browser sessions: the sign-in cookie names a row here and is honoured only while the row exists
/// and has not expired. Logout deletes the row; a password change or a removed account deletes all of the user's.
/// <para>
/// A check that succeeded is remembered for <see cref="CacheFor"/> so a page's burst of requests costs one query.
/// Ending a session evicts it here; other replicas may honour it for at most that long (their cache is theirs).
/// </para>
/// </summary>
public sealed class SessionService(StoreConnection store, TimeProvider time)
{
    /// <summary>How long an unused session lives; each use (at most once a minute) moves the end forward.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public static readonly TimeSpan CacheFor = Common.ReplicaCaches.Ttl;

    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Checked> _recent = new(StringComparer.Ordinal);

    private sealed record Checked(long UserId, DateTimeOffset At);

    /// <summary>A new session for the user; returns its id for the cookie. Expired sessions of anyone are dropped on the way.</summary>
    public async Task<string> CreateAsync(long userId, string method, CancellationToken ct)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = store.CreateContext(new WorkspaceContext());
        await db.UserSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        db.UserSessions.Add(new UserSession
        {
            Id = id, UserId = userId, Method = method, CreatedAt = now, LastSeenAt = now, ExpiresAt = now + (long)Lifetime.TotalMilliseconds,
        });
        await db.SaveChangesAsync(ct);
        return id;
    }

    /// <summary>True while the session exists, belongs to <paramref name="userId"/> and has not expired.</summary>
    public async Task<bool> IsActiveAsync(string sessionId, long userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(sessionId, out var seen) && seen.UserId == userId && now - seen.At < CacheFor)
            return true;
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext(new WorkspaceContext());
        var row = await db.UserSessions.Where(s => s.Id == sessionId).Select(s => new { s.UserId, s.LastSeenAt, s.ExpiresAt }).FirstOrDefaultAsync(ct);
        if (row is null || row.UserId != userId || row.ExpiresAt <= nowMs)
        {
            _recent.TryRemove(sessionId, out _);
            return false;
        }
        if (nowMs - row.LastSeenAt >= TouchEvery.TotalMilliseconds)
        {
            var expires = nowMs + (long)Lifetime.TotalMilliseconds;
            await db.UserSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, nowMs).SetProperty(x => x.ExpiresAt, expires), ct);
        }
        if (_recent.Count > 10_000)
            _recent.Clear(); // bounded memory; the next check of each session simply asks the database again
        _recent[sessionId] = new Checked(userId, now);
        return true;
    }

    /// <summary>Logout: this one session ends.</summary>
    public async Task EndAsync(string sessionId, CancellationToken ct)
    {
        _recent.TryRemove(sessionId, out _);
        await using var db = store.CreateContext(new WorkspaceContext());
        await db.UserSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(ct);
        _recent.TryRemove(sessionId, out _); // a check that raced the delete may have cached it again
    }

    /// <summary>Every session of the user ends (password changed, account removed); returns how many there were.</summary>
    public async Task<int> EndAllAsync(long userId, CancellationToken ct)
    {
        Evict(userId);
        await using var db = store.CreateContext(new WorkspaceContext());
        var ended = await db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
        Evict(userId);
        return ended;
    }

    private void Evict(long userId)
    {
        foreach (var (id, seen) in _recent)
        {
            if (seen.UserId == userId)
                _recent.TryRemove(id, out _);
        }
    }
}
