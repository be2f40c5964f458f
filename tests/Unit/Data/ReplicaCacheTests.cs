using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Tracking;
using Workspaces.Data.Workspaces;
using Workspaces.Tests.Unit.Maintenance;

namespace Workspaces.Tests.Unit.Data;

/// <summary>
/// Every per-process cache of shared state forgets within <see cref="ReplicaCaches.Bound"/>, so a change made by another
/// replica (which cannot clear this process's memory) is enforced here in time. The two-replica test proves it end to end.
/// </summary>
public sealed class ReplicaCacheTests
{
    private readonly ManualClock _clock = new();

    private void PastTheTtl() => _clock.Now += ReplicaCaches.Ttl + TimeSpan.FromMilliseconds(1);

    [Fact]
    public void The_ttl_leaves_room_for_the_read_inside_the_bound() =>
        Assert.True(ReplicaCaches.Ttl < ReplicaCaches.Bound && ReplicaCaches.Bound <= TimeSpan.FromSeconds(2));

    [Fact]
    public void Grants_tokens_and_passwords_expire()
    {
        var cache = new GrantCache(_clock);
        var user = new Principal(7, "alice", false);
        cache.Put(7, "ws:team-a", "EDIT");
        cache.PutToken("hash", new GrantCache.ValidToken(1, user, null));
        cache.PutPassword("key", user);
        Assert.True(cache.TryGet(7, "ws:team-a", out var permission));
        Assert.Equal("EDIT", permission);
        Assert.NotNull(cache.Token("hash"));
        Assert.NotNull(cache.Password("key"));

        PastTheTtl();
        Assert.False(cache.TryGet(7, "ws:team-a", out _));
        Assert.Null(cache.Token("hash"));
        Assert.Null(cache.Password("key"));
    }

    [Fact]
    public void Known_workspaces_expire()
    {
        var cache = new WorkspaceCatalogCache(_clock);
        cache.Remember("team-a");
        Assert.True(cache.IsKnown("team-a"));
        PastTheTtl();
        Assert.False(cache.IsKnown("team-a"));
    }

    [Fact]
    public void Run_states_expire()
    {
        var cache = new RunStateCache(_clock);
        cache.Put(new RunState("r1", 1, "team-a", "active"));
        Assert.NotNull(cache.Get("team-a", "r1"));
        Assert.Null(cache.Get("team-b", "r1"));
        PastTheTtl();
        Assert.Null(cache.Get("team-a", "r1"));
    }

    [Fact]
    public void Session_checks_are_remembered_no_longer_than_the_ttl() =>
        Assert.Equal(ReplicaCaches.Ttl, SessionService.CacheFor);
}
