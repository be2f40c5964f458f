using Microsoft.AspNetCore.Http;
using Workspaces.Api.Json;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Errors;

/// <summary>Builds the MLflow error envelope responses.</summary>
public static class MlflowResults
{
    /// <summary>
    /// The envelope; except the services' 403, which goes out as MLflow's auth plugin writes it (plain text
    /// "Permission denied"), so clients see the same answer whichever layer refused.
    /// </summary>
    public static IResult Error(Error error) => IsForbidden(error)
        ? Results.Text(Authorizer.ForbiddenMessage, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden)
        : Results.Json(new ErrorEnvelope(error.WireCode, error.Message), ApiJsonContext.Wire.ErrorEnvelope, statusCode: ErrorStatus.For(error.Code));

    public static IResult Error(ErrorCode code, string message) => Error(new Error(code, message));

    /// <summary>Writes the envelope directly, for middleware that runs outside endpoint results (<paramref name="status"/> overrides the code's).</summary>
    public static Task WriteAsync(HttpContext http, Error error, int? status = null)
    {
        if (IsForbidden(error) && status is null)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.ContentType = "text/plain; charset=utf-8";
            return http.Response.WriteAsync(Authorizer.ForbiddenMessage, http.RequestAborted);
        }
        http.Response.StatusCode = status ?? ErrorStatus.For(error.Code);
        return http.Response.WriteAsJsonAsync(new ErrorEnvelope(error.WireCode, error.Message), ApiJsonContext.Wire.ErrorEnvelope, contentType: null, http.RequestAborted);
    }

    private static bool IsForbidden(Error error) => error.Code == ErrorCode.PermissionDenied && error.Message == Authorizer.ForbiddenMessage;
}
