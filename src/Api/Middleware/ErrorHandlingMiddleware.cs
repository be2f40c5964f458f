using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Workspaces.Api.Errors;
using Workspaces.Api.Routing;
using Workspaces.Data;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Middleware;

/// <summary>
/// Last line of defence: a bad request the framework detects becomes a 400 envelope; anything
/// unexpected is logged with the request id and answered 500 INTERNAL_ERROR without a stack trace.
/// Every 500 that reaches here is a bug to fix, never a way to report a client's mistake.
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException ex)
        {
            if (http.Response.HasStarted)
                throw;
            await WriteAsync(http, Error.BadRequest(ex.Message), ex.StatusCode);
        }
        catch (StoredTextException ex) when (!http.Response.HasStarted)
        {
            // A stored-text rule (NUL, length) caught by the data layer's backstop: the client's mistake, a 400.
            http.Response.Clear();
            http.Response.Headers[RequestIdHeader] = http.TraceIdentifier;
            await WriteAsync(http, ex.Error, StatusCodes.Status400BadRequest);
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

    private static Task WriteAsync(HttpContext http, Error error, int status)
    {
        if (MlflowRoutes.IsApiPath(http.Request.Path.Value))
            return MlflowResults.WriteAsync(http, error);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(error.Message, http.RequestAborted);
    }
}
