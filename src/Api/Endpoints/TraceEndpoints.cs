using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Endpoints;

/// <summary>MLflow 3 trace RPCs under <c>/api/3.0/mlflow/traces</c> (reference §2.1); assessments are in <see cref="AssessmentEndpoints"/>.</summary>
public static class TraceEndpoints
{
    public static void MapTraceEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(3))
        {
            var g = prefix.MapGroup("/mlflow/traces").WithTags("Traces");
            g.MapPost("", (HttpRequest r, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var trace = f.OptObject("trace").Must() ?? throw new RequestFieldException(Error.MissingParameter("trace"));
                var info = trace.OptObject("trace_info").Must() ?? throw new RequestFieldException(Error.MissingParameter("trace.trace_info"));
                var started = await s.StartAsync(TraceRequests.StartTrace(info), ct);
                return Rpc.From(started, i => TraceJson.Respond(w =>
                {
                    w.WriteStartObject("trace");
                    w.WritePropertyName("trace_info");
                    TraceJson.WriteInfo(w, i);
                    w.WriteEndObject();
                }));
            })).Shape<StartTraceV3RequestJson, TraceResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get", (HttpRequest r, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var id = f.RequiredString("trace_id").Must();
                var allowPartial = f.OptBool("allow_partial").Must() ?? false;
                return Rpc.From(await s.GetAsync(id, allowPartial, ct), t => TraceJson.Respond(w =>
                {
                    w.WritePropertyName("trace");
                    TraceJson.WriteTrace(w, t, withSpans: true);
                }));
            })).Shape<GetTraceRequestJson, TraceResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/batchGet", (HttpRequest r, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var ids = f.Strings("trace_ids").Must();
                if (ids.Count == 0)
                    return MlflowResults.Error(Error.MissingParameter("trace_ids"));
                return Rpc.From(await s.BatchGetAsync(ids, ct), traces => TraceJson.Respond(w =>
                {
                    w.WriteStartArray("traces");
                    foreach (var t in traces)
                        TraceJson.WriteTrace(w, t, withSpans: true);
                    w.WriteEndArray();
                }));
            })).Shape<TraceIdsRequestJson, BatchGetTracesResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/batchGetInfos", (HttpRequest r, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var ids = f.Strings("trace_ids").Must();
                if (ids.Count == 0)
                    return MlflowResults.Error(Error.MissingParameter("trace_ids"));
                return Rpc.From(await s.BatchGetInfosAsync(ids, ct), infos => TraceJson.Respond(w =>
                {
                    if (infos.Count == 0)
                        return;
                    w.WriteStartArray("trace_infos");
                    foreach (var i in infos)
                        TraceJson.WriteInfo(w, i);
                    w.WriteEndArray();
                }));
            })).Shape<TraceIdsRequestJson, BatchGetTraceInfosResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/search", (HttpRequest r, TraceSearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var experiments = new List<string>();
                foreach (var location in f.Objects("locations").Must())
                    if (location.OptObject("mlflow_experiment").Must()?.OptString("experiment_id").Must() is { Length: > 0 } id)
                        experiments.Add(id);
                var request = new TraceSearchRequest(experiments, f.OptString("filter").Must(), f.OptLong("max_results").Must(),
                    f.Strings("order_by").Must(), f.OptString("page_token").Must());
                return Rpc.From(await s.SearchAsync(request, ct), page => SearchResponse(page, "traces"));
            })).Shape<SearchTracesV3RequestJson, SearchTracesV3Response>().Rule(AuthRule.Authenticated);
            g.MapPost("/calculate-filter-correlation", (HttpRequest r, TraceSearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var request = new TraceCorrelationRequest(f.Strings("experiment_ids").Must(), f.OptString("filter_string1").Must(),
                    f.OptString("filter_string2").Must(), f.OptString("base_filter").Must());
                return Rpc.From(await s.CorrelateAsync(request, ct), c => TraceJson.Respond(w =>
                {
                    // Proto JSON cannot carry NaN as a number; MLflow leaves an undefined value out.
                    if (double.IsFinite(c.Npmi))
                        w.WriteNumber("npmi", c.Npmi);
                    if (double.IsFinite(c.NpmiSmoothed))
                        w.WriteNumber("npmi_smoothed", c.NpmiSmoothed);
                    w.WriteNumber("filter1_count", c.Filter1Count);
                    w.WriteNumber("filter2_count", c.Filter2Count);
                    w.WriteNumber("joint_count", c.JointCount);
                    w.WriteNumber("total_count", c.TotalCount);
                }));
            })).Shape<CalculateTraceFilterCorrelationRequestJson, CalculateTraceFilterCorrelationResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/{traceId}", (HttpRequest r, string traceId, TraceService s) => Rpc.HandleAsync(r, async (_, ct) =>
                Rpc.From(await s.GetInfoAsync(traceId, ct), i => TraceJson.Respond(w =>
                {
                    w.WriteStartObject("trace");
                    w.WritePropertyName("trace_info");
                    TraceJson.WriteInfo(w, i);
                    w.WriteEndObject();
                })))).Shape<TraceResponse>().Rule(AuthRule.Authenticated);
        }
        foreach (var prefix in app.MlflowGroups(2, 3))
        {
            var g = prefix.MapGroup("/mlflow/traces").WithTags("Traces");
            g.MapPost("/delete-traces", (HttpRequest r, TraceLinkService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var ids = f.Strings("request_ids").Must();
                if (ids.Count == 0)
                    ids = f.Strings("trace_ids").Must();
                var request = new DeleteTracesRequest(f.OptString("experiment_id").Must(), f.OptLong("max_timestamp_millis").Must(),
                    f.OptLong("max_traces").Must(), ids);
                return Rpc.From(await s.DeleteAsync(request, ct), n => TraceJson.Respond(w => w.WriteNumber("traces_deleted", n)));
            })).Shape<DeleteTracesRequestJson, DeleteTracesResponse>().Rule(AuthRule.Authenticated);
            g.MapPatch("/{traceId}/tags", (HttpRequest r, string traceId, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.SetTagAsync(traceId, f.RequiredString("key").Must(), f.OptString("value").Must(), ct))))
                    .Shape<SetTraceTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/{traceId}/tags", (HttpRequest r, string traceId, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteTagAsync(traceId, f.RequiredString("key").Must(), ct))))
                    .Shape<DeleteTraceTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/traces").WithTags("Traces");
            g.MapPost("/link-to-run", (HttpRequest r, TraceLinkService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.LinkToRunAsync(f.Strings("trace_ids").Must(), f.RequiredString("run_id").Must(), ct))))
                    .Shape<LinkTracesToRunRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/link-prompts", (HttpRequest r, TraceLinkService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var prompts = f.Objects("prompt_versions").Must()
                    .Select(p => new LinkedPrompt(p.RequiredString("name").Must(), p.OptString("version").Must() ?? "")).ToList();
                return Rpc.From(await s.LinkPromptsAsync(f.RequiredString("trace_id").Must(), prompts, ct));
            })).Shape<LinkPromptsToTraceRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
        foreach (var prefix in app.MlflowGroups(2, 3))
        {
            prefix.MapGet("/mlflow/get-trace-artifact", (HttpRequest r, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var id = f.OptString("request_id").Must();
                if (string.IsNullOrEmpty(id))
                    return MlflowResults.Error(Error.BadRequest("Request must include the \"request_id\" query parameter."));
                return Rpc.From(await s.GetAsync(id, ct), t =>
                    Results.File(TraceJson.TracesFile(t.Spans), "application/octet-stream", "traces.json"));
            })).WithTags("Traces").Query<GetTraceArtifactRequestJson>().ProducesFile().Rule(AuthRule.Authenticated);
        }
    }

    internal static IResult SearchResponse(TracePage page, string name) => TraceJson.Respond(w =>
    {
        if (page.Traces.Count > 0)
        {
            w.WriteStartArray(name);
            foreach (var t in page.Traces)
                TraceJson.WriteInfo(w, t);
            w.WriteEndArray();
        }
        if (page.NextPageToken is not null)
            w.WriteString("next_page_token", page.NextPageToken);
    });
}
