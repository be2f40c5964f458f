namespace Workspaces.Data.Errors;

/// <summary>
/// MLflow's error codes (databricks.proto). The wire name is the UPPER_SNAKE form of the member,
/// e.g. <see cref="InvalidParameterValue"/> is sent as <c>INVALID_PARAMETER_VALUE</c>.
/// </summary>
public enum ErrorCode
{
    InternalError,
    BadRequest,
    InvalidParameterValue,
    EndpointNotFound,
    InvalidState,
    PermissionDenied,
    Unauthenticated,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    FeatureDisabled,
    NotImplemented,
    RequestLimitExceeded,
    TemporarilyUnavailable,

    /// <summary>MLflow's <c>DEADLINE_EXCEEDED</c> (504): an upstream call (an AI Gateway provider) took longer than allowed.</summary>
    DeadlineExceeded,

    /// <summary>
    /// 502: an upstream (an AI Gateway provider) could not be reached or answered something unusable. MLflow has no
    /// code for this; <c>BAD_GATEWAY</c> is ours, and MLflow clients tolerate unknown codes (they go by the status).
    /// </summary>
    BadGateway,
}
