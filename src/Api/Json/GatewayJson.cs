using Workspaces.Data.Gateway;

namespace Workspaces.Api.Json;

// Wire shapes of the AI Gateway (service.proto's Gateway* messages): snake_case, unset fields and empty lists omitted,
// no workspace field (MLflow's protos have none).

public sealed record GatewaySecretJson(string SecretId, string SecretName, Dictionary<string, string>? MaskedValues, long CreatedAt, long LastUpdatedAt,
    string? Provider, string? CreatedBy, string? LastUpdatedBy, Dictionary<string, string>? AuthConfig)
{
    public static GatewaySecretJson From(GatewaySecretInfo s) => new(
        s.SecretId, s.SecretName, s.MaskedValues.Count == 0 ? null : new(s.MaskedValues), s.CreatedAt, s.LastUpdatedAt, s.Provider, s.CreatedBy,
        s.LastUpdatedBy, s.AuthConfig.Count == 0 ? null : new(s.AuthConfig));
}

public sealed record GatewayModelDefinitionJson(string ModelDefinitionId, string Name, string? SecretId, string? SecretName, string Provider,
    string ModelName, long CreatedAt, long LastUpdatedAt, string? CreatedBy, string? LastUpdatedBy)
{
    public static GatewayModelDefinitionJson From(GatewayModelDefinitionDto d) => new(
        d.ModelDefinitionId, d.Name, d.SecretId, d.SecretName, d.Provider, d.ModelName, d.CreatedAt, d.LastUpdatedAt, d.CreatedBy, d.LastUpdatedBy);
}

public sealed record GatewayMappingJson(string MappingId, string EndpointId, string ModelDefinitionId, GatewayModelDefinitionJson? ModelDefinition,
    double Weight, string LinkageType, int? FallbackOrder, long CreatedAt, string? CreatedBy)
{
    public static GatewayMappingJson From(GatewayMappingDto m) => new(
        m.MappingId, m.EndpointId, m.ModelDefinitionId, m.ModelDefinition is null ? null : GatewayModelDefinitionJson.From(m.ModelDefinition), m.Weight,
        m.LinkageType, m.FallbackOrder, m.CreatedAt, m.CreatedBy);
}

public sealed record GatewayFallbackConfigJson(string? Strategy, int? MaxAttempts);

public sealed record GatewayEndpointJson(string EndpointId, string Name, long CreatedAt, long LastUpdatedAt, List<GatewayMappingJson>? ModelMappings,
    List<KeyValueJson>? Tags, string CreatedBy, string LastUpdatedBy, string? RoutingStrategy, GatewayFallbackConfigJson? FallbackConfig,
    string? ExperimentId, bool UsageTracking)
{
    public static GatewayEndpointJson From(GatewayEndpointDto e) => new(
        e.EndpointId, e.Name, e.CreatedAt, e.LastUpdatedAt, e.ModelMappings.Count == 0 ? null : e.ModelMappings.Select(GatewayMappingJson.From).ToList(),
        KeyValueJson.From(e.Tags), e.CreatedBy, e.LastUpdatedBy, e.RoutingStrategy,
        e.FallbackConfig is null ? null : new GatewayFallbackConfigJson(e.FallbackConfig.Strategy, e.FallbackConfig.MaxAttempts), e.ExperimentId,
        e.UsageTracking);
}

public sealed record GatewayBindingJson(string EndpointId, string ResourceType, string ResourceId, long CreatedAt, long LastUpdatedAt, string? CreatedBy,
    string? LastUpdatedBy, string? DisplayName)
{
    public static GatewayBindingJson From(GatewayBindingDto b) => new(
        b.EndpointId, b.ResourceType, b.ResourceId, b.CreatedAt, b.LastUpdatedAt, b.CreatedBy, b.LastUpdatedBy, b.DisplayName);
}

public sealed record GatewaySecretResponse(GatewaySecretJson Secret);

public sealed record GatewaySecretsResponse(List<GatewaySecretJson>? Secrets);

public sealed record GatewayModelDefinitionResponse(GatewayModelDefinitionJson ModelDefinition);

public sealed record GatewayModelDefinitionsResponse(List<GatewayModelDefinitionJson>? ModelDefinitions);

public sealed record GatewayEndpointResponse(GatewayEndpointJson Endpoint);

public sealed record GatewayEndpointsResponse(List<GatewayEndpointJson>? Endpoints);

public sealed record GatewayMappingResponse(GatewayMappingJson Mapping);

public sealed record GatewayBindingResponse(GatewayBindingJson Binding);

public sealed record GatewayBindingsResponse(List<GatewayBindingJson>? Bindings);

public sealed record GatewaySecretPermissionJson(string SecretId, long UserId, string Permission);

public sealed record GatewayEndpointPermissionJson(string EndpointId, long UserId, string Permission);

public sealed record GatewayModelDefinitionPermissionJson(string ModelDefinitionId, long UserId, string Permission);

public sealed record GatewaySecretPermissionResponse(GatewaySecretPermissionJson GatewaySecretPermission);

public sealed record GatewayEndpointPermissionResponse(GatewayEndpointPermissionJson GatewayEndpointPermission);

public sealed record GatewayModelDefinitionPermissionResponse(GatewayModelDefinitionPermissionJson GatewayModelDefinitionPermission);

public sealed record GatewayProvidersResponse(List<string> Providers);

public sealed record GatewayModelsResponse(List<string>? Models);

public sealed record GatewaySecretsConfigResponse(bool SecretsAvailable, bool? UsingDefaultPassphrase);

/// <summary>The invocation routes answer errors as MLflow's FastAPI app does: <c>{"detail": "…"}</c>.</summary>
public sealed record GatewayDetailText(string Detail);

/// <summary>…or, for MLflow's own errors, <c>{"detail": {"error_code": "…", "message": "…"}}</c>.</summary>
public sealed record GatewayDetailError(Errors.ErrorEnvelope Detail);

/// <summary>An error after a stream started: a last event <c>data: {"error": {"message", "type"}}</c>.</summary>
public sealed record GatewayStreamError(GatewayStreamErrorBody Error);

public sealed record GatewayStreamErrorBody(string Message, string Type);


public sealed record ProviderFieldJson(string Name, bool Required, string Description, string? Default, List<string>? Choices);

public sealed record ProviderConfigResponse(string Provider, List<ProviderFieldJson> SecretFields, List<ProviderFieldJson> AuthConfigFields)
{
    public static ProviderConfigResponse From(Workspaces.Data.Gateway.Providers.ProviderSchema s) => new(s.Provider,
        s.SecretFields.Select(From).ToList(), s.AuthConfigFields.Select(From).ToList());

    private static ProviderFieldJson From(Workspaces.Data.Gateway.Providers.ProviderField f) =>
        new(f.Name, f.Required, f.Description, f.Default, f.Choices is { Count: > 0 } c ? [.. c] : null);
}
