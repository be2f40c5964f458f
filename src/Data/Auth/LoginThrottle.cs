using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>A sign-in attempt that was counted before the password was checked; <see cref="LockedForSeconds"/> set means refused.</summary>
public sealed record LoginReservation(string UserKey, string AddressKey, int? LockedForSeconds)
{
    public bool Allowed => LockedForSeconds is null;
}

/// <summary>
/// Counts sign-in attempts per user name and per client address. Past the limit within the window, further
/// attempts for that key are refused for a while — whether or not the user exists, so the answer reveals
/// nothing. An address gets <see cref="AddressFactor"/> times the per-user allowance because several people
/// behind one NAT may mistype at once; it still stops one client spraying many names.
/// <para>
/// Each attempt is counted <em>before</em> the password is checked, by one atomic upsert in the database that
/// returns the new count (check-and-reserve): parallel attempts cannot all read "not locked yet" and then all
/// try a password, and every replica sharing the database sees the same counts. A successful sign-in gives
/// its reservation back.
/// </para>
/// </summary>
public sealed class LoginThrottle(StoreConnection store, AuthSettings settings, TimeProvider time)
{
    public const int AddressFactor = 5;
    private static readonly TimeSpan CleanupEvery = TimeSpan.FromMinutes(10);
    private long _lastCleanup;

    /// <summary>
    /// Counts one attempt for the user and then for the address. A refused user key leaves the address alone (a locked
    /// name being hammered does not lock everyone behind the same address); a refused address gives the user's back.
    /// </summary>
    public async Task<LoginReservation> ReserveAsync(string username, string? address, CancellationToken ct)
    {
        var (userKey, addressKey) = (Hash("user:" + username), Hash("ip:" + (address ?? "unknown")));
        await using var db = store.CreateContext(new WorkspaceContext());
        await CleanupAsync(db, ct);
        if (await ReserveKeyAsync(db, userKey, settings.MaxFailedLogins, ct) is { } userLocked)
            return new LoginReservation(userKey, addressKey, userLocked);
        if (await ReserveKeyAsync(db, addressKey, settings.MaxFailedLogins * AddressFactor, ct) is { } addressLocked)
        {
            await ReleaseAsync(db, userKey, settings.MaxFailedLogins, ct);
            return new LoginReservation(userKey, addressKey, addressLocked);
        }
        return new LoginReservation(userKey, addressKey, null);
    }

    /// <summary>The password was right: the user's count starts over and the address gets its reservation back.</summary>
    public async Task SucceededAsync(LoginReservation reservation, CancellationToken ct)
    {
        await using var db = store.CreateContext(new WorkspaceContext());
        await db.LoginAttempts.Where(a => a.KeyHash == reservation.UserKey).ExecuteDeleteAsync(ct);
        await ReleaseAsync(db, reservation.AddressKey, settings.MaxFailedLogins * AddressFactor, ct);
    }

    /// <summary>Seconds until the key opens again when this attempt went past <paramref name="limit"/>; null when it may go ahead.</summary>
    private async Task<int?> ReserveKeyAsync(TrackingDbContext db, string key, int limit, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowStart = now - settings.LockoutWindowSeconds * 1000L;
        var lockEnd = now + settings.LockoutSeconds * 1000L;
        var lockFirst = limit <= 1 ? lockEnd : 0L;
        if (store.Location.Provider == DatabaseProvider.MySql)
            return await ReserveKeyLockedAsync(db, key, limit, now, windowStart, lockEnd, ct);
        // One statement, so the read of the old count and the write of the new one cannot interleave with another
        // attempt's. A row is stale when its lock has run out or, unlocked, its window has. SET expressions read the
        // old row. The syntax (ON CONFLICT … DO UPDATE … RETURNING) is the same in SQLite (3.35+) and PostgreSQL.
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO login_attempts (key_hash, failures, window_start, locked_until)
            VALUES ({key}, 1, {now}, {lockFirst})
            ON CONFLICT (key_hash) DO UPDATE SET
              failures = CASE WHEN (login_attempts.locked_until <> 0 AND login_attempts.locked_until <= {now})
                                OR (login_attempts.locked_until = 0 AND login_attempts.window_start <= {windowStart})
                              THEN 1 ELSE login_attempts.failures + 1 END,
              window_start = CASE WHEN (login_attempts.locked_until <> 0 AND login_attempts.locked_until <= {now})
                                    OR (login_attempts.locked_until = 0 AND login_attempts.window_start <= {windowStart})
                                  THEN {now} ELSE login_attempts.window_start END,
              locked_until = CASE WHEN (login_attempts.locked_until <> 0 AND login_attempts.locked_until <= {now})
                                    OR (login_attempts.locked_until = 0 AND login_attempts.window_start <= {windowStart})
                                  THEN {lockFirst}
                                  WHEN login_attempts.locked_until = 0 AND login_attempts.failures + 1 >= {limit} THEN {lockEnd}
                                  ELSE login_attempts.locked_until END
            RETURNING failures AS "Value"
            """).ToListAsync(ct);
        if (counts.Single() <= limit)
            return null;
        var until = await db.LoginAttempts.Where(a => a.KeyHash == key).Select(a => a.LockedUntil).FirstOrDefaultAsync(ct);
        return Math.Max(1, (int)Math.Ceiling((until - now) / 1000.0));
    }

    /// <summary>
    /// MySQL has no <c>RETURNING</c>, and its upsert assigns columns one after the other (each reading the ones before),
    /// so the same rule is applied to the row under a row lock: parallel attempts take turns on it.
    /// </summary>
    private static async Task<int?> ReserveKeyLockedAsync(TrackingDbContext db, string key, int limit, long now, long windowStart, long lockEnd,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The no-op update takes the row's exclusive lock at once; INSERT IGNORE would take a shared one, and two attempts
        // holding it while both wait for the exclusive lock below would deadlock.
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO login_attempts (key_hash, failures, window_start, locked_until) VALUES ({key}, 0, {now}, 0) ON DUPLICATE KEY UPDATE key_hash = key_hash", ct);
        var row = await db.LoginAttempts.FromSql($"SELECT * FROM login_attempts WHERE key_hash = {key} FOR UPDATE").AsTracking().SingleAsync(ct);
        var stale = (row.LockedUntil != 0 && row.LockedUntil <= now) || (row.LockedUntil == 0 && row.WindowStart <= windowStart);
        if (stale)
            (row.Failures, row.WindowStart, row.LockedUntil) = (1, now, limit <= 1 ? lockEnd : 0L);
        else
            (row.Failures, row.LockedUntil) = (row.Failures + 1, row.LockedUntil == 0 && row.Failures + 1 >= limit ? lockEnd : row.LockedUntil);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return row.Failures <= limit ? null : Math.Max(1, (int)Math.Ceiling((row.LockedUntil - now) / 1000.0));
    }

    /// <summary>Gives one reserved attempt back; a count that drops below the limit is no longer locked.</summary>
    private static Task<int> ReleaseAsync(TrackingDbContext db, string key, int limit, CancellationToken ct) =>
        db.LoginAttempts.Where(a => a.KeyHash == key && a.Failures > 0).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Failures, a => a.Failures - 1)
            .SetProperty(a => a.LockedUntil, a => a.Failures - 1 < limit ? 0L : a.LockedUntil), ct);

    /// <summary>Drops stale rows now and then, so a spray of random names does not grow the table for ever.</summary>
    private async Task CleanupAsync(TrackingDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastCleanup);
        if (now.ToUnixTimeMilliseconds() - last < CleanupEvery.TotalMilliseconds
            || Interlocked.CompareExchange(ref _lastCleanup, now.ToUnixTimeMilliseconds(), last) != last)
            return;
        var nowMs = now.ToUnixTimeMilliseconds();
        var windowStart = nowMs - settings.LockoutWindowSeconds * 1000L;
        await db.LoginAttempts.Where(a => (a.LockedUntil != 0 && a.LockedUntil <= nowMs) || (a.LockedUntil == 0 && a.WindowStart <= windowStart))
            .ExecuteDeleteAsync(ct);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
