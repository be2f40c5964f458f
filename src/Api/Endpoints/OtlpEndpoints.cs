using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Api.Otlp;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// OTLP/HTTP trace ingest at the server root, where OpenTelemetry exporters post (tracing reference §2.4): the experiment
/// comes from <c>x-mlflow-experiment-id</c>, the workspace from <c>X-MLFLOW-WORKSPACE</c> like every API call. Errors are
/// FastAPI's <c>{"detail": …}</c> bodies MLflow answers on this route, not the MLflow envelope.
/// </summary>
public static class OtlpEndpoints
{
    public const string Path = "/v1/traces";
    public const string ExperimentHeader = "x-mlflow-experiment-id";
    public const string RunHeader = "x-mlflow-run-id";

    public static void MapOtlpEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, LogSpansAsync).WithTags("Tracing").Rule(AuthRule.Authenticated);

    private static async Task<IResult> LogSpansAsync(HttpRequest request, SpanIngestService spans, ServerSettings settings, AccessContext access, CancellationToken ct)
    {
        var experimentId = request.Headers[ExperimentHeader].ToString();
        if (experimentId.Length == 0)
            return MissingExperiment(access.AuthEnabled);
        var body = await ReadBodyAsync(request, settings.MaxRequestBodyBytes, ct);
        if (body is null)
            return Detail(StatusCodes.Status413PayloadTooLarge, $"The request body exceeds the limit of {settings.MaxRequestBodyBytes} bytes.");
        var decoded = OtlpTraceDecoder.Decode(body, request.ContentType, request.Headers.ContentEncoding.ToString() is { Length: > 0 } e ? e : null,
            settings.MaxRequestBodyBytes);
        if (!decoded.IsSuccess)
        {
            return Detail(decoded.Error.Code switch
            {
                ErrorCode.InvalidState => StatusCodes.Status422UnprocessableEntity,
                ErrorCode.RequestLimitExceeded => StatusCodes.Status413PayloadTooLarge,
                _ => StatusCodes.Status400BadRequest,
            }, decoded.Error.Message);
        }
        var runId = request.Headers[RunHeader].ToString();
        var logged = await spans.LogSpansAsync(experimentId, runId.Length == 0 ? null : runId, decoded.Value, ct);
        if (!logged.IsSuccess)
        {
            // MLflow's auth layer refuses before the handler with its own 403; every store error is the handler's 422.
            return logged.Error.Code == ErrorCode.PermissionDenied
                ? MlflowResults.Error(logged.Error)
                : Detail(StatusCodes.Status422UnprocessableEntity, $"Failed to log OpenTelemetry spans: {logged.Error.Message}");
        }
        // An empty ExportTraceServiceResponse encodes to zero bytes.
        return Results.Bytes([], "application/x-protobuf");
    }

    /// <summary>
    /// Without auth MLflow's FastAPI validation answers 422; with auth its middleware checks the header first and answers 400.
    /// </summary>
    private static IResult MissingExperiment(bool authEnabled) => authEnabled
        ? Detail(StatusCodes.Status400BadRequest, "Missing required header: X-Mlflow-Experiment-Id")
        : Results.Json(new OtlpValidationResponse([new OtlpValidationError("missing", ["header", ExperimentHeader], "Field required", null)]),
            ApiJsonContext.Wire.OtlpValidationResponse, statusCode: StatusCodes.Status422UnprocessableEntity);

    private static IResult Detail(int status, string message) =>
        Results.Json(new OtlpDetail(message), ApiJsonContext.Wire.OtlpDetail, statusCode: status);

    /// <summary>The raw body, or null once it passes <paramref name="limit"/> (read in chunks: Content-Length may be absent or wrong).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
            return null;
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > limit)
                return null;
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }
}
