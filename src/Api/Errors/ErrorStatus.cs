using Microsoft.AspNetCore.Http;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Errors;

/// <summary>
/// HTTP status per error code: MLflow's map, except the deliberate differences of SPEC §2 — user
/// errors that MLflow answers with 5xx (which its clients retry for minutes) fail fast here.
/// </summary>
public static class ErrorStatus
{
    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.BadRequest or ErrorCode.InvalidParameterValue or ErrorCode.ResourceAlreadyExists => StatusCodes.Status400BadRequest,
        ErrorCode.FeatureDisabled => StatusCodes.Status400BadRequest,
        ErrorCode.EndpointNotFound or ErrorCode.ResourceDoesNotExist => StatusCodes.Status404NotFound,
        ErrorCode.InvalidState => StatusCodes.Status409Conflict,
        ErrorCode.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCode.NotImplemented => StatusCodes.Status501NotImplemented,
        ErrorCode.RequestLimitExceeded => StatusCodes.Status429TooManyRequests,
        ErrorCode.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCode.BadGateway => StatusCodes.Status502BadGateway,
        ErrorCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
