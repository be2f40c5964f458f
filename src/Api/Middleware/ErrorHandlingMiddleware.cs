using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Workspaces.Api.Errors;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;

namespace Workspaces.Api.Middleware;

/// <summary>
/// Last line of defence: a bad request the framework detects becomes a 400 envelope; an error status the
/// pipeline set without a body (routing, binding) gets the envelope on API paths; anything unexpected is
/// logged with the request id and answered 500 INTERNAL_ERROR without a stack trace. Every 500 that reaches
/// here is a bug to fix, never a way to report a client's mistake.
/// </summary>
/// <remarks>
/// Kestrel answers some requests before any middleware runs, with an empty body this cannot reach: a request
/// line or URI over its limit (414), headers over their limits (431), a malformed request line, target or
/// header (400: e.g. control characters, <c>%00</c> in the path, a path that is not valid UTF-8 after
/// decoding), a body over Kestrel's own size limit read before the app (413) and an unsupported HTTP version
/// (505). Those stay Kestrel's empty-bodied responses.
/// </remarks>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
        try
        {
            await next(http);
            if (IsBodilessApiError(http))
                await WriteKeepingStatusAsync(http, DefaultError(http.Response.StatusCode));
        }
        catch (BadHttpRequestException ex)
        {
            if (http.Response.HasStarted)
                throw;
            await WriteAsync(http, Error.BadRequest(ex.Message), ex.StatusCode);
        }
        catch (RequestFieldException ex) when (!http.Response.HasStarted)
        {
            // A field read outside Rpc.HandleAsync: still the client's mistake, still its 400.
            await WriteAsync(http, ex.Error, ErrorStatus.For(ex.Error.Code));
        }
        catch (StoredTextException ex) when (!http.Response.HasStarted)
        {
            // A stored-text rule (NUL, length) caught by the data layer's backstop: the client's mistake, a 400.
            http.Response.Clear();
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            await WriteAsync(http, ex.Error, StatusCodes.Status400BadRequest);
        }
        catch (Exception ex) when (DbErrors.IsTransientConflict(ex) && !http.Response.HasStarted)
        {
            // Lost a race with other writers (a deadlock, say, between creating an experiment and deleting its workspace):
            // nothing was written, and MLflow's clients retry a 503.
            logger.LogWarning("Transient database conflict for {Method} {Path} (request id {RequestId}): {Reason}",
                http.Request.Method, http.Request.Path.Value, http.TraceIdentifier, (ex.InnerException ?? ex).Message);
            http.Response.Clear();
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            http.Response.Headers.RetryAfter = "1";
            await WriteAsync(http, new Error(ErrorCode.TemporarilyUnavailable, "The request collided with a concurrent change; retry it."),
                StatusCodes.Status503ServiceUnavailable);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled exception for {Method} {Path} (request id {RequestId})",
                http.Request.Method, http.Request.Path.Value, http.TraceIdentifier);
            if (http.Response.HasStarted)
                throw;
            http.Response.Clear();
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            await WriteAsync(http, new Error(ErrorCode.InternalError, $"An internal error occurred (request id {http.TraceIdentifier})."),
                StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>
    /// An error status with nothing written (e.g. the framework's 400 for a route value it cannot bind, or a 405):
    /// MLflow clients parse the envelope, so API paths get one, like UseStatusCodePages would give HTML.
    /// </summary>
    private static bool IsBodilessApiError(HttpContext http) =>
        http.Response.StatusCode >= 400 && !http.Response.HasStarted && http.Response.ContentLength is null or 0
        && string.IsNullOrEmpty(http.Response.ContentType) && !HttpMethods.IsHead(http.Request.Method)
        && MlflowRoutes.IsApiPath(http.Request.Path.Value) && !http.RequestAborted.IsCancellationRequested;

    private static Error DefaultError(int status) => status switch
    {
        StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed => new Error(ErrorCode.EndpointNotFound, $"No API endpoint answers this request (HTTP {status})."),
        StatusCodes.Status401Unauthorized => new Error(ErrorCode.Unauthenticated, "Authentication required."),
        StatusCodes.Status403Forbidden => new Error(ErrorCode.PermissionDenied, "Permission denied."),
        StatusCodes.Status429TooManyRequests => new Error(ErrorCode.RequestLimitExceeded, "Too many requests."),
        _ when status >= 500 => new Error(ErrorCode.InternalError, $"The server could not answer this request (HTTP {status})."),
        _ => Error.BadRequest($"Bad request (HTTP {status})."),
    };

    private static Task WriteAsync(HttpContext http, Error error, int status)
    {
        if (MlflowRoutes.IsApiPath(http.Request.Path.Value))
            return MlflowResults.WriteAsync(http, error);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(error.Message, http.RequestAborted);
    }

    /// <summary>The envelope for a status already set: the status a client sees never changes (a 405 stays a 405).</summary>
    private static Task WriteKeepingStatusAsync(HttpContext http, Error error) => MlflowResults.WriteAsync(http, error, http.Response.StatusCode);
}
