namespace Workspaces.Api.Errors;

/// <summary>MLflow's error body: <c>{"error_code": "...", "message": "..."}</c>.</summary>
public sealed record ErrorEnvelope(string ErrorCode, string Message);
