using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Search;

namespace Workspaces.Data.Tracing;

/// <summary>search_traces order_by (reference §3): nulls last, ties broken by the trace id; default newest first.</summary>
internal static class TraceOrder
{
    public static Result<IQueryable<TraceInfo>> Apply(TraceTables db, IQueryable<TraceInfo> query, IReadOnlyList<string> clauses)
    {
        IOrderedQueryable<TraceInfo>? ordered = null;
        IOrderedQueryable<TraceInfo> Then<TKey>(System.Linq.Expressions.Expression<Func<TraceInfo, TKey>> key, bool ascending) =>
            ordered is null
                ? ascending ? query.OrderBy(key) : query.OrderByDescending(key)
                : ascending ? ordered.ThenBy(key) : ordered.ThenByDescending(key);

        void ByTag(string tagKey, bool ascending)
        {
            var tags = db.Tags.Where(x => x.Key == tagKey);
            // Nulls last: the missing-tag flag first, then the value.
            ordered = Then(t => tags.Where(x => x.RequestId == t.RequestId).Select(x => x.Value).FirstOrDefault() == null ? 1 : 0, true);
            ordered = Then(t => tags.Where(x => x.RequestId == t.RequestId).Select(x => x.Value).FirstOrDefault(), ascending);
        }

        foreach (var clause in clauses)
        {
            var split = OrderByParser.Split(clause.Trim());
            if (!split.IsSuccess)
                return split.Error;
            var (identifier, ascending) = split.Value;
            var (entity, rawKey) = FilterParser.SplitIdentifier(identifier);
            var key = FilterParser.TrimKey(rawKey);
            switch (entity?.ToLowerInvariant())
            {
                case null or "trace" or "attribute" or "attributes":
                    switch (key)
                    {
                        case "timestamp" or "timestamp_ms":
                            ordered = Then(t => t.TimestampMs, ascending);
                            break;
                        case "execution_time" or "execution_time_ms":
                            ordered = Then(t => t.ExecutionTimeMs == null ? 1 : 0, true);
                            ordered = Then(t => t.ExecutionTimeMs, ascending);
                            break;
                        case "status" or "state":
                            ordered = Then(t => t.Status, ascending);
                            break;
                        case "request_id" or "trace_id":
                            ordered = Then(t => t.RequestId, ascending);
                            break;
                        case "experiment_id":
                            ordered = Then(t => t.ExperimentId, ascending);
                            break;
                        case "name":
                            ByTag(TraceKeys.TraceName, ascending);
                            break;
                        case "run_id":
                            var runs = db.Metadata.Where(m => m.Key == TraceKeys.SourceRun);
                            ordered = Then(t => runs.Where(m => m.RequestId == t.RequestId).Select(m => m.Value).FirstOrDefault() == null ? 1 : 0, true);
                            ordered = Then(t => runs.Where(m => m.RequestId == t.RequestId).Select(m => m.Value).FirstOrDefault(), ascending);
                            break;
                        default:
                            return Error.InvalidParameter($"Invalid order_by entity `{key}`");
                    }
                    break;
                case "tag" or "tags":
                    ByTag(key, ascending);
                    break;
                default:
                    return Error.InvalidParameter($"Invalid order_by entity `{entity}`");
            }
        }
        if (ordered is null)
            ordered = Then(t => t.TimestampMs, false);
        ordered = Then(t => t.RequestId, true);
        return Result<IQueryable<TraceInfo>>.Success(ordered);
    }
}
