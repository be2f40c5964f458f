namespace Workspaces.Data.Gateway;

/// <summary>An API key as it is shown: never the value, only its masked form.</summary>
public sealed record GatewaySecretInfo(
    string SecretId, string SecretName, IReadOnlyDictionary<string, string> MaskedValues, long CreatedAt, long LastUpdatedAt,
    string? Provider, string? CreatedBy, string? LastUpdatedBy, IReadOnlyDictionary<string, string> AuthConfig);

public sealed record GatewayModelDefinitionDto(
    string ModelDefinitionId, string Name, string? SecretId, string? SecretName, string Provider, string ModelName,
    long CreatedAt, long LastUpdatedAt, string? CreatedBy, string? LastUpdatedBy);

public sealed record GatewayMappingDto(
    string MappingId, string EndpointId, string ModelDefinitionId, GatewayModelDefinitionDto? ModelDefinition, double Weight,
    string LinkageType, int? FallbackOrder, long CreatedAt, string? CreatedBy);

public sealed record GatewayFallbackConfig(string? Strategy, int? MaxAttempts);

public sealed record GatewayEndpointDto(
    string EndpointId, string Name, long CreatedAt, long LastUpdatedAt, IReadOnlyList<GatewayMappingDto> ModelMappings,
    IReadOnlyList<Common.KeyValue> Tags, string CreatedBy, string LastUpdatedBy, string? RoutingStrategy, GatewayFallbackConfig? FallbackConfig,
    string? ExperimentId, bool UsageTracking);

public sealed record GatewayBindingDto(
    string EndpointId, string ResourceType, string ResourceId, long CreatedAt, long LastUpdatedAt, string? CreatedBy, string? LastUpdatedBy,
    string? DisplayName);

/// <summary>How an endpoint uses one model definition, as a client asks for it (<c>GatewayEndpointModelConfig</c>).</summary>
public sealed record GatewayModelConfig(string? ModelDefinitionId, string? LinkageType, double? Weight, int? FallbackOrder);

public sealed record CreateSecretRequest(
    string? SecretName, IReadOnlyDictionary<string, string>? SecretValue, string? Provider, IReadOnlyDictionary<string, string>? AuthConfig,
    string? CreatedBy);

public sealed record UpdateSecretRequest(
    string? SecretId, IReadOnlyDictionary<string, string>? SecretValue, IReadOnlyDictionary<string, string>? AuthConfig, string? UpdatedBy);

public sealed record CreateModelDefinitionRequest(string? Name, string? SecretId, string? Provider, string? ModelName, string? CreatedBy);

public sealed record UpdateModelDefinitionRequest(
    string? ModelDefinitionId, string? Name, string? SecretId, string? ModelName, string? Provider, string? UpdatedBy);

public sealed record CreateEndpointRequest(
    string? Name, IReadOnlyList<GatewayModelConfig> ModelConfigs, string? CreatedBy, string? RoutingStrategy, GatewayFallbackConfig? FallbackConfig,
    string? ExperimentId, bool? UsageTracking);

public sealed record UpdateEndpointRequest(
    string? EndpointId, string? Name, string? UpdatedBy, IReadOnlyList<GatewayModelConfig> ModelConfigs, string? RoutingStrategy,
    GatewayFallbackConfig? FallbackConfig, string? ExperimentId, bool? UsageTracking);

/// <summary>An explicit grant on a gateway resource (<c>gateway_secret_permission</c> and its siblings).</summary>
public sealed record GatewayGrant(string ResourceId, long UserId, string Username, string Permission);
