using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Tracking;

namespace Workspaces.Api.Endpoints;

/// <summary>Metric history reads: <c>metrics/get-history</c> and the UI's <c>get-history-bulk-interval</c>.</summary>
public static class MetricEndpoints
{
    public static void MapMetricEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/metrics").WithTags("Metrics");
            g.MapGet("/get-history", (HttpRequest r, MetricHistoryService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var opened = await s.OpenHistoryAsync(f.RunId(), f.RequiredString("metric_key").Must(), f.OptLong("max_results").Must(),
                    f.OptString("page_token").Must(), ct);
                return opened.IsSuccess ? new MetricHistoryResult(opened.Value) : Errors.MlflowResults.Error(opened.Error);
            })).Shape<GetMetricHistoryRequestJson, MetricsResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get-history-bulk-interval", (HttpRequest r, MetricHistoryService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var runIds = f.Strings("run_ids").Must();
                var points = await s.GetBulkIntervalAsync(runIds, f.RequiredString("metric_key").Must(), f.OptLong("start_step").Must(),
                    f.OptLong("end_step").Must(), f.OptLong("max_results").Must(), ct);
                return Rpc.From(points, p => Rpc.Json(new MetricsResponse(MetricJson.From(p), null), ApiJsonContext.Wire.MetricsResponse));
            })).Shape<GetMetricHistoryBulkIntervalRequestJson, MetricsResponse>().Rule(AuthRule.Authenticated);
        }
    }
}
