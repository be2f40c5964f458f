using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

/// <summary>
/// One point of a metric's history. NaN is stored as value 0 with <see cref="IsNan"/> set (SQLite has
/// no NaN), ±Infinity as ±double.MaxValue, as MLflow's SQL store does. Exact duplicates are dropped by
/// the primary key. No foreign key to its run (<see cref="IUnkeyedRunChild"/>).
/// </summary>
public sealed class Metric : IUnkeyedRunChild
{
    public required string RunUuid { get; set; }

    public required string Key { get; set; }

    public double Value { get; set; }

    public long Timestamp { get; set; }

    public long Step { get; set; }

    public bool IsNan { get; set; }

    public string? ModelId { get; set; }

    public string? DatasetName { get; set; }

    public string? DatasetDigest { get; set; }
}

/// <summary>The latest point per (run, key) by the (step, timestamp, value) rule; what run data and search show.</summary>
public sealed class LatestMetric : IWorkspaceChild<LatestMetric>
{
    public required string RunUuid { get; set; }

    public required string Key { get; set; }

    public double Value { get; set; }

    public long Timestamp { get; set; }

    public long Step { get; set; }

    public bool IsNan { get; set; }

    public Run? Run { get; set; }

    public static Expression<Func<LatestMetric, string>> WorkspacePath => m => m.Run!.Experiment!.Workspace;
}

/// <summary>A run parameter; write-once.</summary>
public sealed class Param : IWorkspaceChild<Param>
{
    public required string RunUuid { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }

    public Run? Run { get; set; }

    public static Expression<Func<Param, string>> WorkspacePath => p => p.Run!.Experiment!.Workspace;
}

public sealed class RunTag : IWorkspaceChild<RunTag>
{
    public required string RunUuid { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public Run? Run { get; set; }

    public static Expression<Func<RunTag, string>> WorkspacePath => t => t.Run!.Experiment!.Workspace;
}
