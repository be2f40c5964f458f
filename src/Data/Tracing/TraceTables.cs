using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Tracing;

/// <summary>
/// The trace tables as a search reads them. The search resolves its experiment ids through the workspace filter first
/// (<see cref="ForExperiments"/>) and limits <c>trace_info</c> to them; every other table here is read only correlated
/// to one of those traces (<c>x.RequestId == t.RequestId</c>, or a session's traces within <c>t</c>'s experiment). Their
/// own workspace filter (an EXISTS through trace_info and experiments for every row) would only repeat that decision,
/// and it led PostgreSQL to walk every trace of the workspace and probe the tag per trace: 300 ms instead of tens.
/// </summary>
internal sealed class TraceTables
{
    private TraceTables(TrackingDbContext db, IReadOnlyList<long> experimentIds)
    {
        var infos = db.TraceInfos.AcrossAllWorkspaces(CrossWorkspaceReason.ScopedByParent);
        // One experiment compares with '=' so PostgreSQL reads (experiment_id, timestamp_ms) in order and stops at the page.
        if (experimentIds.Count == 1)
        {
            var single = experimentIds[0];
            Traces = infos.Where(t => t.ExperimentId == single);
        }
        else
        {
            Traces = infos.Where(t => experimentIds.Contains(t.ExperimentId));
        }
        AllTraces = infos;
        Tags = db.TraceTags.AcrossAllWorkspaces(CrossWorkspaceReason.ScopedByParent);
        Metadata = db.TraceMetadata.AcrossAllWorkspaces(CrossWorkspaceReason.ScopedByParent);
        Assessments = db.Assessments.AcrossAllWorkspaces(CrossWorkspaceReason.ScopedByParent);
        Spans = db.Spans.AcrossAllWorkspaces(CrossWorkspaceReason.ScopedByParent);
        RunLinks = db.TraceRunLinks.AcrossAllWorkspaces(CrossWorkspaceReason.ScopedByParent);
        IsMySql = db is MySqlTrackingDbContext;
    }

    /// <summary>The traces of the searched experiments: the only unfiltered set that is not correlated to another.</summary>
    public IQueryable<TraceInfo> Traces { get; }

    /// <summary>Other traces, only ever compared with a searched trace's experiment (a session's traces).</summary>
    public IQueryable<TraceInfo> AllTraces { get; }

    public IQueryable<TraceTag> Tags { get; }

    public IQueryable<TraceMetadata> Metadata { get; }

    public IQueryable<Assessment> Assessments { get; }

    public IQueryable<TraceSpan> Spans { get; }

    public IQueryable<TraceRunLink> RunLinks { get; }

    public bool IsMySql { get; }

    /// <summary>The tables for the given experiments, keeping only those the workspace filter lets this request see.</summary>
    public static async Task<TraceTables> ForExperiments(TrackingDbContext db, IReadOnlyCollection<long> requested, CancellationToken ct)
    {
        var visible = await db.Experiments.Where(e => requested.Contains(e.ExperimentId)).Select(e => e.ExperimentId)
            .ToListAsync(ct);
        return new TraceTables(db, visible);
    }
}
