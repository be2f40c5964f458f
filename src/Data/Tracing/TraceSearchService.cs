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
        var experimentIds = await ReadableExperimentsAsync(request.ExperimentIds, ct);
        if (!experimentIds.IsSuccess)
            return experimentIds.Error;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tables = await TraceTables.ForExperiments(db, experimentIds.Value, ct);
        var ordered = TraceOrder.Apply(tables, Apply(tables, tables.Traces.AsNoTracking(), clauses.Value), request.OrderBy);
        if (!ordered.IsSuccess)
            return ordered.Error;
        var ids = await ordered.Value.Select(t => t.RequestId).Skip(offset.Value).Take(max.Value + 1).ToListAsync(ct);
        var more = ids.Count > max.Value;
        if (more)
            ids.RemoveAt(ids.Count - 1);
        var infos = await TraceReader.LoadAsync(db, ids, ct);
        return new TracePage(infos, more ? PageToken.Create(offset.Value + ids.Count) : null);
    }

    /// <summary>
    /// calculate-filter-correlation: how often two filters match the same traces among those the base filter selects,
    /// counted in the database (four counts) with the search's permission rule and grammar.
    /// </summary>
    public async Task<Result<TraceCorrelation>> CorrelateAsync(TraceCorrelationRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Filter1))
            return Error.MissingParameter("filter_string1");
        if (string.IsNullOrWhiteSpace(request.Filter2))
            return Error.MissingParameter("filter_string2");
        var (first, second, basis) = (TraceFilter.Parse(request.Filter1), TraceFilter.Parse(request.Filter2), TraceFilter.Parse(request.BaseFilter));
        foreach (var parsed in new[] { first, second, basis })
            if (!parsed.IsSuccess)
                return parsed.Error;
        var experimentIds = await ReadableExperimentsAsync(request.ExperimentIds, ct);
        if (!experimentIds.IsSuccess)
            return experimentIds.Error;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tables = await TraceTables.ForExperiments(db, experimentIds.Value, ct);
        var population = Apply(tables, tables.Traces.AsNoTracking(), basis.Value);
        // Separate Apply calls: each filter's span clauses must meet in one span of their own, not in a span of the other's.
        var one = Apply(tables, population, first.Value);
        var total = await population.CountAsync(ct);
        var filter1 = await one.CountAsync(ct);
        var filter2 = await Apply(tables, population, second.Value).CountAsync(ct);
        var joint = await Apply(tables, one, second.Value).CountAsync(ct);
        return TraceCorrelation.FromCounts(joint, filter1, filter2, total);
    }

    /// <summary>The experiment ids, each readable by the caller (MLflow's newest rule: READ on every one; none is no permission).</summary>
    private async Task<Result<List<long>>> ReadableExperimentsAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var experimentIds = new List<long>();
        foreach (var id in ids)
        {
            var parsed = ExperimentIds.Parse(id);
            if (!parsed.IsSuccess)
                return parsed.Error;
            experimentIds.Add(parsed.Value);
        }
        if (experimentIds.Count == 0 && access.IsRestricted)
            return Auth.Authorizer.Forbidden;
        foreach (var id in experimentIds.Distinct())
            if (await access.ExperimentAsync(id, AccessLevel.Read, ct) is { } denied)
                return denied;
        return experimentIds;
    }

    private static IQueryable<TraceInfo> Apply(TraceTables db, IQueryable<TraceInfo> query, List<TraceClause> clauses)
    {
        var mySql = db.IsMySql;
        IQueryable<TraceSpan>? spans = null;
        foreach (var c in clauses)
        {
            switch (c.Kind)
            {
                case TraceClauseKind.Attribute when c.Key == "text":
                    query = TraceContentFilters.Text(db, query, c);
                    break;
                case TraceClauseKind.Attribute:
                    query = Attribute(db, query, c, mySql);
                    break;
                case TraceClauseKind.Prompt:
                    query = TraceContentFilters.Prompt(db, query, c);
                    break;
                case TraceClauseKind.Tag:
                    var tags = db.Tags.Where(x => x.Key == c.Key);
                    query = c.Comparator switch
                    {
                        TraceFilter.IsNull => query.Where(t => !tags.Any(x => x.RequestId == t.RequestId)),
                        TraceFilter.IsNotNull => query.Where(t => tags.Any(x => x.RequestId == t.RequestId)),
                        _ => WithTag(query, tags.Where(TracePredicates.Text<TraceTag>(x => x.Value, c, mySql))),
                    };
                    break;
                case TraceClauseKind.Metadata:
                    var meta = db.Metadata.Where(x => x.Key == c.Key);
                    query = c.Comparator switch
                    {
                        TraceFilter.IsNull => query.Where(t => !meta.Any(x => x.RequestId == t.RequestId)),
                        TraceFilter.IsNotNull => query.Where(t => meta.Any(x => x.RequestId == t.RequestId)),
                        _ => WithMeta(query, meta.Where(TracePredicates.Text<TraceMetadata>(x => x.Value, c, mySql))),
                    };
                    break;
                case TraceClauseKind.Span:
                    // Every span clause narrows the same span set: they must match one span together.
                    spans = TraceContentFilters.Span(spans ?? db.Spans, c, mySql);
                    break;
                default:
                    // Only valid assessments count: one superseded through `overrides` no longer matches.
                    var type = c.Kind == TraceClauseKind.Feedback ? Assessment.FeedbackType : Assessment.ExpectationType;
                    var assessments = db.Assessments.Where(a => a.Name == c.Key && a.AssessmentType == type && a.Valid);
                    query = c.Comparator switch
                    {
                        TraceFilter.IsNull => TraceContentFilters.Assessed(db, query, assessments, negate: true),
                        TraceFilter.IsNotNull => TraceContentFilters.Assessed(db, query, assessments, negate: false),
                        _ => TraceContentFilters.Assessed(db, query, AssessmentValue(assessments, c, mySql), negate: false),
                    };
                    break;
            }
        }
        if (spans is not null)
        {
            var matching = spans;
            query = query.Where(t => matching.Any(s => s.TraceId == t.RequestId));
        }
        return query;
    }

    private static IQueryable<TraceInfo> Attribute(TraceTables db, IQueryable<TraceInfo> query, TraceClause c, bool mySql)
    {
        switch (c.Key)
        {
            case "timestamp_ms":
                return query.Where(TracePredicates.Number<TraceInfo, long>(t => t.TimestampMs, c));
            case "execution_time_ms":
                return query.Where(TracePredicates.Number<TraceInfo, long?>(t => t.ExecutionTimeMs, c));
            case "end_time_ms":
                return query.Where(TracePredicates.Number<TraceInfo, long?>(t => t.TimestampMs + t.ExecutionTimeMs, c));
            case "status":
                return query.Where(TracePredicates.Text<TraceInfo>(t => t.Status, c, mySql));
            case "client_request_id":
                return query.Where(TracePredicates.Text<TraceInfo>(t => t.ClientRequestId, c, mySql));
            case "request_id":
                return query.Where(TracePredicates.Text<TraceInfo>(t => t.RequestId, c, mySql));
            case "name":
                var names = db.Tags.Where(x => x.Key == TraceKeys.TraceName).Where(TracePredicates.Text<TraceTag>(x => x.Value, c, mySql));
                return WithTag(query, names);
            default:
                // run_id: the source run in metadata, or a run linked through link-to-run.
                var runId = c.Text;
                var sources = db.Metadata.Where(x => x.Key == TraceKeys.SourceRun && x.Value == runId);
                var links = db.RunLinks.Where(l => l.RunUuid == runId);
                return query.Where(t => sources.Any(x => x.RequestId == t.RequestId) || links.Any(l => l.RequestId == t.RequestId));
        }
    }

    /// <summary>Assessment values are JSON; a filter value compares with the JSON text, or with the JSON string of it.</summary>
    private static IQueryable<Assessment> AssessmentValue(IQueryable<Assessment> assessments, TraceClause c, bool mySql)
    {
        var quoted = System.Text.Json.JsonSerializer.Serialize(c.Text ?? "", TracingJsonContext.Default.String);
        return c.Comparator switch
        {
            "=" => assessments.Where(a => a.Value == c.Text || a.Value == quoted),
            "!=" => assessments.Where(a => a.Value != null && a.Value != c.Text && a.Value != quoted),
            _ => assessments.Where(TracePredicates.Text<Assessment>(a => a.Value, c, mySql)),
        };
    }

    private static IQueryable<TraceInfo> WithTag(IQueryable<TraceInfo> q, IQueryable<TraceTag> rows) => q.Where(t => rows.Any(x => x.RequestId == t.RequestId));

    private static IQueryable<TraceInfo> WithMeta(IQueryable<TraceInfo> q, IQueryable<TraceMetadata> rows) => q.Where(t => rows.Any(x => x.RequestId == t.RequestId));
}
