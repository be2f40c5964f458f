using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workspaces.Data.Auth;
using Workspaces.Data.Gateway.Providers;
using Workspaces.Data.Tracing;

namespace Workspaces.Data.Gateway;

/// <summary>
/// Writes the usage trace of a finished gateway call into the endpoint's experiment, as MLflow's usage tracking does
/// (reference §3.5): a root span <c>gateway/&lt;endpoint&gt;</c> with attributes <c>endpoint_id</c> and
/// <c>endpoint_name</c>, the request as inputs and the answer as outputs (a stream aggregated into one
/// <c>chat.completion</c>), and one child span per model tried carrying the model, the provider and the token usage.
/// The caller's username and user id go into trace metadata. A failure to write is logged and never reaches the client.
/// </summary>
public sealed class GatewayTraceWriter(SpanIngestService spans, AccessContext caller, ILogger<GatewayTraceWriter>? logger = null)
{
    private const string Ok = "STATUS_CODE_OK";
    private const string Failed = "STATUS_CODE_ERROR";

    private readonly ILogger _log = logger ?? NullLogger<GatewayTraceWriter>.Instance;

    /// <summary>Writes the trace of <paramref name="call"/> if its endpoint tracks usage; <paramref name="status"/> is how the call ended.</summary>
    public async Task WriteAsync(GatewayCall call, int status, CancellationToken ct)
    {
        if (call.Trace is not { } trace)
            return;
        try
        {
            var error = await spans.LogServerTraceAsync(trace.ExperimentId, Build(call, trace, status), Metadata(trace), ct);
            if (error is not null)
                _log.LogWarning("Gateway usage trace for endpoint {Endpoint} not written: {Error}", trace.EndpointName, error.Message);
        }
        catch (Exception ex)
        {
            // The trace records a call that already succeeded or failed on its own: nothing here may fail it.
            _log.LogWarning(ex, "Gateway usage trace for endpoint {Endpoint} not written", trace.EndpointName);
        }
    }

    private static List<SpanRecord> Build(GatewayCall call, GatewayTraceState trace, int status)
    {
        var traceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var rootId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var startNs = call.StartedAt * 1_000_000;
        var elapsed = call.Clock.Elapsed;
        long At(TimeSpan offset) => startNs + (offset.Ticks * 100);
        var requestId = Json(TraceKeys.IdPrefix + traceId);
        var error = status >= 400 ? ErrorMessage(call, status) : null;

        var attributes = new List<KeyValuePair<string, string>>
        {
            new("mlflow.traceRequestId", requestId),
            new(TraceKeys.SpanType, Json("LLM")),
            new("endpoint_id", Json(trace.EndpointId)),
            new("endpoint_name", Json(trace.EndpointName)),
            new(TraceKeys.SpanInputs, trace.Input.ToJsonString()),
        };
        if (Output(call, trace) is { } output)
            attributes.Add(new(TraceKeys.SpanOutputs, output));
        var records = new List<SpanRecord>();
        for (var i = 0; i < trace.Attempts.Count; i++)
        {
            var attempt = trace.Attempts[i];
            var last = i == trace.Attempts.Count - 1;
            // The answering call of a stream lasts until its last chunk, and ends as the whole call ended.
            var end = last && attempt.IsStream ? elapsed : attempt.End;
            var attemptStatus = last ? status : attempt.Status;
            var attemptError = attemptStatus >= 400 ? (last ? error : attempt.Error ?? $"HTTP {attemptStatus}") : null;
            var child = new List<KeyValuePair<string, string>>
            {
                new("mlflow.traceRequestId", requestId),
                new(TraceKeys.SpanType, Json(IsEmbeddings(trace.Operation) ? "EMBEDDING" : "CHAT_MODEL")),
                new("mlflow.llm.model", Json(attempt.Model)),
                new("mlflow.llm.provider", Json(attempt.Provider)),
            };
            if (last && call.Response.Usage is { } usage)
                child.Add(new(TraceKeys.SpanTokenUsage, Usage(usage)));
            records.Add(Span(traceId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), rootId, $"model/{attempt.Provider}/{attempt.Model}",
                At(attempt.Start), At(end), attemptError, child));
        }
        records.Insert(0, Span(traceId, rootId, null, $"gateway/{trace.EndpointName}", startNs, At(elapsed), error, attributes));
        return records;
    }

    private static SpanRecord Span(
        string traceId, string spanId, string? parent, string name, long start, long end, string? error, List<KeyValuePair<string, string>> attributes)
    {
        var events = error is null
            ? []
            : new[] { new SpanEventRecord("exception", end, [new("exception.type", Json("GatewayError")), new("exception.message", Json(error))]) };
        // A record holds the JSON of each OpenTelemetry value, and MLflow's tracer sets every span attribute as a JSON
        // string (json.dumps): one more layer, so readers and MLflow's clients see what MLflow's gateway writes.
        var otel = attributes.Select(a => KeyValuePair.Create(a.Key, Json(a.Value))).ToList();
        return new SpanRecord(traceId, spanId, parent, name, "SPAN_KIND_INTERNAL", start, Math.Max(end, start), error is null ? Ok : Failed, error ?? "",
            otel, events, []);
    }

    /// <summary>The answer as JSON: the buffered body, or the stream's aggregated completion; null when there is none.</summary>
    private static string? Output(GatewayCall call, GatewayTraceState trace)
    {
        if (trace.Stream is { } stream)
            return stream.Result()?.ToJsonString();
        var body = call.Response.BufferedBody;
        if (body.IsEmpty)
            return null;
        try
        {
            // Re-serialized so the stored value is compact JSON whatever the provider's formatting.
            return JsonNode.Parse(body.Span)?.ToJsonString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ErrorMessage(GatewayCall call, int status) =>
        call.Response.Error?.Message ?? (status == 499 ? "The client closed the request." : $"The call ended with HTTP {status}.");

    private List<KeyValuePair<string, string>> Metadata(GatewayTraceState trace)
    {
        var metadata = new List<KeyValuePair<string, string>> { new("mlflow.gateway.endpointId", trace.EndpointId) };
        if (caller.Username is { } username)
            metadata.Add(new("mlflow.auth.username", username));
        if (caller.UserId is { } userId)
            metadata.Add(new("mlflow.auth.userId", userId.ToString(CultureInfo.InvariantCulture)));
        return metadata;
    }

    private static string Usage(Providers.TokenUsage usage)
    {
        var input = usage.PromptTokens ?? 0;
        var output = usage.CompletionTokens ?? 0;
        return new JsonObject
        {
            [TraceKeys.InputTokens] = input, [TraceKeys.OutputTokens] = output, [TraceKeys.TotalTokens] = usage.TotalTokens ?? (input + output),
        }.ToJsonString();
    }

    private static bool IsEmbeddings(GatewayOperation operation) => operation is GatewayOperation.Embeddings or GatewayOperation.OpenAiEmbeddings;

    private static string Json(string value) => JsonSerializer.Serialize(value, TracingJsonContext.Default.String);
}
