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
}
