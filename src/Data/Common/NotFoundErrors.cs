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

    /// <summary>MLflow's gateway form: <c>GatewaySecret not found (secret_id='s-…')</c>.</summary>
    public static Error Gateway(GatewayResource kind, string id) => kind switch
    {
        GatewayResource.Secret => Error.NotFound($"GatewaySecret not found (secret_id='{id}')"),
        GatewayResource.ModelDefinition => Error.NotFound($"GatewayModelDefinition not found (model_definition_id='{id}')"),
        _ => Error.NotFound($"GatewayEndpoint not found (endpoint_id='{id}')"),
    };

    public static Error GatewayEndpointName(string name) => Error.NotFound($"GatewayEndpoint not found (name='{name}')");
}
