using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Search;

namespace Workspaces.Data.Tracing;

/// <summary>search_traces (reference §3): the filter and order are translated to one database query per page.</summary>
public sealed class TraceSearchService(IDbContextFactory<TrackingDbContext> dbFactory, TraceAccess access)
{
    public const int DefaultMaxResults = 100;
    public const int MaxResults = 500;

    public async Task<Result<TracePage>> SearchAsync(TraceSearchRequest request, CancellationToken ct)
    {
        var max = SearchExecution.MaxResults(request.MaxResults, MaxResults, DefaultMaxResults);
        if (!max.IsSuccess)
            return max.Error;
        var offset = PageToken.ParseOffset(request.PageToken);
        if (!offset.IsSuccess)
            return offset.Error;
        var clauses = TraceFilter.Parse(request.Filter);
        if (!clauses.IsSuccess)
            return clauses.Error;
        var experimentIds = new List<long>();
        foreach (var id in request.ExperimentIds)
        {
            var parsed = ExperimentIds.Parse(id);
            if (!parsed.IsSuccess)
                return parsed.Error;
            experimentIds.Add(parsed.Value);
        }
        // MLflow's newest rule: READ on every location, and no locations is no permission.
        if (experimentIds.Count == 0 && access.IsRestricted)
            return Auth.Authorizer.Forbidden;
        foreach (var id in experimentIds.Distinct())
            if (await access.ExperimentAsync(id, AccessLevel.Read, ct) is { } denied)
                return denied;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.TraceInfos.AsNoTracking().Where(t => experimentIds.Contains(t.ExperimentId));
        var filtered = Apply(db, query, clauses.Value);
        if (!filtered.IsSuccess)
            return filtered.Error;
        var ordered = TraceOrder.Apply(db, filtered.Value, request.OrderBy);
        if (!ordered.IsSuccess)
            return ordered.Error;
        var ids = await ordered.Value.Select(t => t.RequestId).Skip(offset.Value).Take(max.Value + 1).ToListAsync(ct);
        var more = ids.Count > max.Value;
        if (more)
            ids.RemoveAt(ids.Count - 1);
        var infos = await TraceReader.LoadAsync(db, ids, ct);
        return new TracePage(infos, more ? PageToken.Create(offset.Value + ids.Count) : null);
    }

    private static Result<IQueryable<TraceInfo>> Apply(TrackingDbContext db, IQueryable<TraceInfo> query, List<TraceClause> clauses)
    {
        IQueryable<TraceSpan>? spans = null;
        foreach (var c in clauses)
        {
            switch (c.Kind)
            {
                case TraceClauseKind.Attribute:
                    var attribute = Attribute(db, query, c);
                    if (!attribute.IsSuccess)
                        return attribute.Error;
                    query = attribute.Value;
                    break;
                case TraceClauseKind.Tag:
                    var tags = db.TraceTags.Where(x => x.Key == c.Key);
                    query = c.Comparator switch
                    {
                        TraceFilter.IsNull => query.Where(t => !tags.Any(x => x.RequestId == t.RequestId)),
                        TraceFilter.IsNotNull => query.Where(t => tags.Any(x => x.RequestId == t.RequestId)),
                        _ => WithTag(query, tags.Where(TracePredicates.Text<TraceTag>(x => x.Value, c))),
                    };
                    break;
                case TraceClauseKind.Metadata:
                    var meta = db.TraceMetadata.Where(x => x.Key == c.Key);
                    query = c.Comparator switch
                    {
                        TraceFilter.IsNull => query.Where(t => !meta.Any(x => x.RequestId == t.RequestId)),
                        TraceFilter.IsNotNull => query.Where(t => meta.Any(x => x.RequestId == t.RequestId)),
                        _ => WithMeta(query, meta.Where(TracePredicates.Text<TraceMetadata>(x => x.Value, c))),
                    };
                    break;
                case TraceClauseKind.Span:
                    // Every span clause narrows the same span set: they must match one span together.
                    spans ??= db.Spans;
                    spans = c.Key switch
                    {
                        "name" => spans.Where(TracePredicates.Text<TraceSpan>(s => s.Name, c)),
                        "type" => spans.Where(TracePredicates.Text<TraceSpan>(s => s.Type, c)),
                        _ => spans.Where(TracePredicates.Text<TraceSpan>(s => s.Status, c with { Text = SpanStatus(c.Text), List = c.List?.Select(SpanStatus).ToList()! })),
                    };
                    break;
                default:
                    var type = c.Kind == TraceClauseKind.Feedback ? Assessment.FeedbackType : Assessment.ExpectationType;
                    var assessments = db.Assessments.Where(a => a.Name == c.Key && a.AssessmentType == type && a.Valid);
                    query = c.Comparator switch
                    {
                        TraceFilter.IsNull => query.Where(t => !assessments.Any(a => a.TraceId == t.RequestId)),
                        TraceFilter.IsNotNull => query.Where(t => assessments.Any(a => a.TraceId == t.RequestId)),
                        _ => WithAssessment(query, AssessmentValue(assessments, c)),
                    };
                    break;
            }
        }
        if (spans is not null)
        {
            var matching = spans;
            query = query.Where(t => matching.Any(s => s.TraceId == t.RequestId));
        }
        return Result<IQueryable<TraceInfo>>.Success(query);
    }

    private static Result<IQueryable<TraceInfo>> Attribute(TrackingDbContext db, IQueryable<TraceInfo> query, TraceClause c)
    {
        switch (c.Key)
        {
            case "timestamp_ms":
                return Result<IQueryable<TraceInfo>>.Success(query.Where(TracePredicates.Number<TraceInfo, long>(t => t.TimestampMs, c)));
            case "execution_time_ms":
                return Result<IQueryable<TraceInfo>>.Success(query.Where(TracePredicates.Number<TraceInfo, long?>(t => t.ExecutionTimeMs, c)));
            case "end_time_ms":
                return Result<IQueryable<TraceInfo>>.Success(query.Where(TracePredicates.Number<TraceInfo, long?>(t => t.TimestampMs + t.ExecutionTimeMs, c)));
            case "status":
                return Result<IQueryable<TraceInfo>>.Success(query.Where(TracePredicates.Text<TraceInfo>(t => t.Status, c)));
            case "client_request_id":
                return Result<IQueryable<TraceInfo>>.Success(query.Where(TracePredicates.Text<TraceInfo>(t => t.ClientRequestId, c)));
            case "request_id":
                return Result<IQueryable<TraceInfo>>.Success(query.Where(TracePredicates.Text<TraceInfo>(t => t.RequestId, c)));
            case "name":
                var names = db.TraceTags.Where(x => x.Key == TraceKeys.TraceName).Where(TracePredicates.Text<TraceTag>(x => x.Value, c));
                return Result<IQueryable<TraceInfo>>.Success(WithTag(query, names));
            default:
                // run_id: the source run in metadata, or a run linked through link-to-run.
                var runId = c.Text;
                var sources = db.TraceMetadata.Where(x => x.Key == TraceKeys.SourceRun && x.Value == runId);
                var links = db.TraceRunLinks.Where(l => l.RunUuid == runId);
                return Result<IQueryable<TraceInfo>>.Success(query.Where(t =>
                    sources.Any(x => x.RequestId == t.RequestId) || links.Any(l => l.RequestId == t.RequestId)));
        }
    }

    /// <summary>Assessment values are JSON; a filter value compares with the JSON text, or with the JSON string of it.</summary>
    private static IQueryable<Assessment> AssessmentValue(IQueryable<Assessment> assessments, TraceClause c)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(c.Text ?? "", TracingJsonContext.Default.String);
        return c.Comparator switch
        {
            "=" => assessments.Where(a => a.Value == c.Text || a.Value == quoted),
            "!=" => assessments.Where(a => a.Value != null && a.Value != c.Text && a.Value != quoted),
            _ => assessments.Where(TracePredicates.Text<Assessment>(a => a.Value, c)),
        };
    }

    private static string SpanStatus(string? s) => SpanJson.ShortStatus(s ?? "");

    private static IQueryable<TraceInfo> WithTag(IQueryable<TraceInfo> q, IQueryable<TraceTag> rows) => q.Where(t => rows.Any(x => x.RequestId == t.RequestId));

    private static IQueryable<TraceInfo> WithMeta(IQueryable<TraceInfo> q, IQueryable<TraceMetadata> rows) => q.Where(t => rows.Any(x => x.RequestId == t.RequestId));

    private static IQueryable<TraceInfo> WithAssessment(IQueryable<TraceInfo> q, IQueryable<Assessment> rows) => q.Where(t => rows.Any(a => a.TraceId == t.RequestId));
}
