using Microsoft.AspNetCore.Http;
using Workspaces.Api.Json;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Errors;

/// <summary>Builds the MLflow error envelope responses.</summary>
public static class MlflowResults
{
    public static IResult Error(Error error) =>
        Results.Json(new ErrorEnvelope(error.WireCode, error.Message), ApiJsonContext.Wire.ErrorEnvelope, statusCode: ErrorStatus.For(error.Code));

    public static IResult Error(ErrorCode code, string message) => Error(new Error(code, message));

    /// <summary>Writes the envelope directly, for middleware that runs outside endpoint results (<paramref name="status"/> overrides the code's).</summary>
    public static Task WriteAsync(HttpContext http, Error error, int? status = null)
    {
        http.Response.StatusCode = status ?? ErrorStatus.For(error.Code);
        return http.Response.WriteAsJsonAsync(new ErrorEnvelope(error.WireCode, error.Message), ApiJsonContext.Wire.ErrorEnvelope, contentType: null, http.RequestAborted);
    }
}
