namespace Workspaces.Data.Entities;

/// <summary>
/// A run's rows kept without a foreign key to <c>runs</c>: metric points, where PostgreSQL's per-row key check cost
/// about 40% of an insert (issue 18 §4). The workspace filter finds the run instead of following a navigation, the
/// writer locks the run once per batch instead of once per row, and whatever hard-deletes runs deletes these rows
/// itself in the same transaction (<see cref="Tracking.RunMetricsCleanup"/>).
/// </summary>
public interface IUnkeyedRunChild
{
    string RunUuid { get; }
}
