namespace Workspaces.Data.Common;

/// <summary>
/// How long any process keeps what it read from the shared database before reading it again: grants, valid tokens and
/// passwords, signed-in sessions, known workspaces and run states. A change made by another replica (a grant revoked, a
/// workspace or run deleted, a session ended) is therefore enforced everywhere within <see cref="Bound"/>; the process
/// that made the change forgets at once. A short time-to-live rather than LISTEN/NOTIFY: it needs no session state (so
/// PgBouncer's transaction pooling works), behaves the same on SQLite and MySQL, and costs one query per key and
/// process every <see cref="Ttl"/> on the hottest path (a client logging thousands of batches into one run).
/// </summary>
public static class ReplicaCaches
{
    /// <summary>Entries expire this long after they were read; below <see cref="Bound"/> to leave room for the read itself.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    /// <summary>The promise made to operators (README "Deploying"), checked by the two-replica test.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
}
