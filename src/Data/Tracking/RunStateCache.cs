using System.Collections.Concurrent;
using Workspaces.Data.Common;

namespace Workspaces.Data.Tracking;

/// <summary>
/// Caches run lookups for the logging hot path: a client logs thousands of batches into one run, and
/// each would otherwise re-read the run and its experiment. Entries live <see cref="ReplicaCaches.Ttl"/>; this process
/// forgets a run at once when it is deleted, restored or its experiment changes stage. The cache is
/// keyed by workspace too, so a hit can never cross workspaces.
/// </summary>
public sealed class RunStateCache(TimeProvider time)
{
    private static readonly TimeSpan Ttl = ReplicaCaches.Ttl;
    private readonly ConcurrentDictionary<(string Workspace, string RunId), (RunState State, DateTimeOffset Until)> _entries = new();

    public RunState? Get(string workspace, string runId) =>
        _entries.TryGetValue((workspace, runId), out var entry) && entry.Until > time.GetUtcNow() ? entry.State : null;

    public void Put(RunState state)
    {
        if (_entries.Count > 100_000)
            _entries.Clear(); // bounded memory; a refill costs one query per run
        _entries[(state.Workspace, state.RunId)] = (state, time.GetUtcNow() + Ttl);
    }

    public void Forget(string runId)
    {
        foreach (var key in _entries.Keys.Where(k => k.RunId == runId).ToList())
            _entries.TryRemove(key, out _);
    }

    /// <summary>Experiment-wide changes (delete/restore) touch every run of it.</summary>
    public void ForgetExperiment(long experimentId)
    {
        foreach (var (key, value) in _entries.Where(e => e.Value.State.ExperimentId == experimentId).ToList())
            _entries.TryRemove(key, out _);
    }
}
