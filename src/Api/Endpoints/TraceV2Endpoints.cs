using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// The legacy v2 trace RPCs (reference §2.2): StartTrace, EndTrace, GetTraceInfo and SearchTraces with TraceInfoV2 JSON.
/// The Python client falls back to them when v3 is missing; some tools still use EndTrace to close stuck traces.
/// </summary>
public static class TraceV2Endpoints
{
    public static void MapTraceV2Endpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/traces").WithTags("Traces");
            g.MapPost("", (HttpRequest r, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var request = new StartTraceRequest("tr-" + Guid.NewGuid().ToString("N"), f.RequiredString("experiment_id").Must(), null, null, null,
                    f.OptLong("timestamp_ms").Must() ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, TraceStates.InProgress,
                    Pairs(f, "request_metadata"), Pairs(f, "tags"), []);
                return Respond(await s.StartAsync(request, ct));
            })).Shape<StartTraceV2RequestJson, TraceInfoV2Response>().Rule(AuthRule.Authenticated);
            g.MapPatch("/{traceId}", (HttpRequest r, string traceId, TraceService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.EndAsync(traceId, f.RequiredLong("timestamp_ms").Must(), f.OptString("status").Must(), Pairs(f, "request_metadata"),
                    Pairs(f, "tags"), ct))))
                    .Shape<EndTraceV2RequestJson, TraceInfoV2Response>().Rule(AuthRule.Authenticated);
            g.MapGet("/{traceId}/info", (HttpRequest r, string traceId, TraceService s) => Rpc.HandleAsync(r, async (_, ct) =>
                Respond(await s.GetInfoAsync(traceId, ct)))).Shape<TraceInfoV2Response>().Rule(AuthRule.Authenticated);
            g.MapGet("", (HttpRequest r, TraceSearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var request = new TraceSearchRequest(f.Strings("experiment_ids").Must(), f.OptString("filter").Must(), f.OptLong("max_results").Must(),
                    f.Strings("order_by").Must(), f.OptString("page_token").Must());
                return Rpc.From(await s.SearchAsync(request, ct), page => TraceJson.Respond(w =>
                {
                    if (page.Traces.Count > 0)
                    {
                        w.WriteStartArray("traces");
                        foreach (var t in page.Traces)
                            WriteInfoV2(w, t);
                        w.WriteEndArray();
                    }
                    if (page.NextPageToken is not null)
                        w.WriteString("next_page_token", page.NextPageToken);
                }));
            })).Shape<SearchTracesV2RequestJson, SearchTracesV2Response>().Rule(AuthRule.Authenticated);
        }
    }

    private static List<KeyValuePair<string, string>> Pairs(FieldReader f, string name) =>
        f.Objects(name).Must().Select(o => new KeyValuePair<string, string>(o.RequiredString("key").Must(), o.OptString("value").Must() ?? "")).ToList();

    private static IResult Respond(Result<TraceInfoDto> result) => Rpc.From(result, t => TraceJson.Respond(w =>
    {
        w.WritePropertyName("trace_info");
        WriteInfoV2(w, t);
    }));

    /// <summary>TraceInfoV2: <c>request_id</c>, numbers for times, and key/value lists instead of maps.</summary>
    private static void WriteInfoV2(Utf8JsonWriter w, TraceInfoDto t)
    {
        w.WriteStartObject();
        w.WriteString("request_id", t.TraceId);
        w.WriteString("experiment_id", t.ExperimentId.ToString(CultureInfo.InvariantCulture));
        w.WriteNumber("timestamp_ms", t.TimestampMs);
        if (t.ExecutionTimeMs is { } ms)
            w.WriteNumber("execution_time_ms", ms);
        w.WriteString("status", t.State == TraceStates.Unspecified ? "TRACE_STATUS_UNSPECIFIED" : t.State);
        WritePairs(w, "request_metadata", t.Metadata);
        WritePairs(w, "tags", t.Tags);
        w.WriteEndObject();
    }

    private static void WritePairs(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
            return;
        w.WriteStartArray(name);
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("key", k);
            w.WriteString("value", v);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
