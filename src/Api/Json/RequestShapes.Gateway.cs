namespace Workspaces.Api.Json;

// Request shapes of the AI Gateway's management API (service.proto's Gateway* messages), for the OpenAPI document only
// (see RequestShapes.Tracking.cs).

public sealed record CreateGatewaySecretRequestJson(string SecretName, Dictionary<string, string> SecretValue, string? Provider = null,
    Dictionary<string, string>? AuthConfig = null, string? CreatedBy = null);

public sealed record GatewaySecretIdRequestJson(string SecretId);

public sealed record UpdateGatewaySecretRequestJson(string SecretId, Dictionary<string, string>? SecretValue = null,
    Dictionary<string, string>? AuthConfig = null, string? UpdatedBy = null);

public sealed record GatewayProviderFilterJson(string? Provider = null);

public sealed record CreateGatewayModelDefinitionRequestJson(string Name, string SecretId, string Provider, string ModelName, string? CreatedBy = null);

public sealed record GatewayModelDefinitionIdRequestJson(string ModelDefinitionId);

public sealed record UpdateGatewayModelDefinitionRequestJson(string ModelDefinitionId, string? Name = null, string? SecretId = null,
    string? ModelName = null, string? Provider = null, string? UpdatedBy = null);

public sealed record ListGatewayModelDefinitionsRequestJson(string? Provider = null, string? SecretId = null);

/// <summary>A model definition attached to an endpoint: <c>PRIMARY</c> (weighted) or <c>FALLBACK</c> (ordered).</summary>
public sealed record GatewayModelConfigJson(string ModelDefinitionId, string? LinkageType = null, double? Weight = null, int? FallbackOrder = null);

public sealed record CreateGatewayEndpointRequestJson(string Name, List<GatewayModelConfigJson>? ModelConfigs = null, string? CreatedBy = null,
    string? RoutingStrategy = null, GatewayFallbackConfigJson? FallbackConfig = null, string? ExperimentId = null, bool? UsageTracking = null);

public sealed record GatewayEndpointIdRequestJson(string EndpointId);

public sealed record UpdateGatewayEndpointRequestJson(string EndpointId, string? Name = null, string? UpdatedBy = null,
    List<GatewayModelConfigJson>? ModelConfigs = null, string? RoutingStrategy = null, GatewayFallbackConfigJson? FallbackConfig = null,
    string? ExperimentId = null, bool? UsageTracking = null);

public sealed record AttachGatewayModelRequestJson(string EndpointId, GatewayModelConfigJson ModelConfig, string? CreatedBy = null);

public sealed record DetachGatewayModelRequestJson(string EndpointId, string ModelDefinitionId);

public sealed record SetGatewayEndpointTagRequestJson(string EndpointId, string Key, string? Value = null);

public sealed record DeleteGatewayEndpointTagRequestJson(string EndpointId, string Key);

public sealed record CreateGatewayBindingRequestJson(string EndpointId, string ResourceType, string ResourceId, string? CreatedBy = null);

public sealed record DeleteGatewayBindingRequestJson(string EndpointId, string ResourceType, string ResourceId);

public sealed record ListGatewayBindingsRequestJson(string? EndpointId = null, string? ResourceType = null, string? ResourceId = null);

/// <summary>A grant on a gateway secret (<c>permission</c> is needed to create or update one).</summary>
public sealed record GatewaySecretPermissionRequestJson(string SecretId, string Username, string? Permission = null);

public sealed record GatewayEndpointPermissionRequestJson(string EndpointId, string Username, string? Permission = null);

public sealed record GatewayModelDefinitionPermissionRequestJson(string ModelDefinitionId, string Username, string? Permission = null);
