namespace Workspaces.Data.Common;

/// <summary>The AI Gateway's resource types that carry grants (MLflow's gateway permission families).</summary>
public enum GatewayResource
{
    Secret,
    ModelDefinition,
    Endpoint,
}
