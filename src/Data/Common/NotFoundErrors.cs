using Workspaces.Data.Errors;

namespace Workspaces.Data.Common;

/// <summary>
/// MLflow's not-found messages for resources the authorizer judges before their service runs. They live here, not
/// in the services, so the authorizer below the services can hide a resource with the service's exact words.
/// </summary>
public static class NotFoundErrors
{
    public static Error Run(string runId) => Error.NotFound($"Run with id={runId} not found");

    public static Error LoggedModel(string modelId) => Error.NotFound($"Logged model with ID '{modelId}' not found.");
}
