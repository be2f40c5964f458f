using System.Collections.Concurrent;

namespace Workspaces.Data.Auth;

/// <summary>
/// Counts failed logins per user name and per client address. Past the limit within the window, further
/// attempts for that key are refused for a while — whether or not the user exists, so the answer reveals
/// nothing. An address gets <see cref="AddressFactor"/> times the per-user allowance because several people
/// behind one NAT may mistype at once; it still stops one client spraying many names. In-process: each server
/// instance counts on its own.
/// </summary>
public sealed class LoginThrottle(AuthSettings settings, TimeProvider time)
{
    public const int AddressFactor = 5;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public List<DateTimeOffset> Failures { get; } = [];

        public DateTimeOffset LockedUntil { get; set; }
    }

    /// <summary>Seconds until the first locked key opens again, or null when none is locked.</summary>
    public int? LockedFor(params string[] keys)
    {
        var now = time.GetUtcNow();
        var until = keys.Select(k => _entries.TryGetValue(k, out var e) ? e.LockedUntil : DateTimeOffset.MinValue).Max();
        return until > now ? (int)Math.Ceiling((until - now).TotalSeconds) : null;
    }

    public void Failed(params string[] keys)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromSeconds(settings.LockoutWindowSeconds);
        foreach (var key in keys)
        {
            var entry = _entries.GetOrAdd(key, _ => new Entry());
            var limit = key.StartsWith(AddressPrefix, StringComparison.Ordinal)
                ? settings.MaxFailedLogins * AddressFactor
                : settings.MaxFailedLogins;
            lock (entry)
            {
                entry.Failures.RemoveAll(f => f < now - window);
                entry.Failures.Add(now);
                if (entry.Failures.Count >= limit)
                {
                    entry.LockedUntil = now + TimeSpan.FromSeconds(settings.LockoutSeconds);
                    entry.Failures.Clear();
                }
            }
        }
        if (_entries.Count > 100_000)
            _entries.Clear(); // bounded memory under a spray of random names
    }

    public void Succeeded(string key) => _entries.TryRemove(key, out _);

    public static string UserKey(string username) => "user:" + username;

    private const string AddressPrefix = "ip:";

    public static string AddressKey(string? address) => AddressPrefix + (address ?? "unknown");
}
