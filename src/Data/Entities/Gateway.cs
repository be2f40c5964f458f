using System.Linq.Expressions;

namespace Workspaces.Data.Entities;

// The AI Gateway's tables, named and shaped as MLflow's (secrets, model_definitions, endpoints, …) so a database can
// be migrated from MLflow; ids are server-made strings (s-/d-/e-/m- + 32 hex).

/// <summary>An API key: the value encrypted (envelope: <c>encrypted_value</c> under a data key, <c>wrapped_dek</c> under the KEK).</summary>
public sealed class GatewaySecret : IWorkspaceOwned
{
    public required string SecretId { get; set; }

    /// <summary>Immutable: it is part of the encryption's associated data.</summary>
    public required string SecretName { get; set; }

    public required byte[] EncryptedValue { get; set; }

    public required byte[] WrappedDek { get; set; }

    public int KekVersion { get; set; }

    /// <summary>JSON object of the masked values (<c>sk-...1234</c>), the only form of the value ever read back.</summary>
    public required string MaskedValue { get; set; }

    public string? Provider { get; set; }

    /// <summary>JSON object of non-secret provider settings (api_base, api_version, …).</summary>
    public string? AuthConfig { get; set; }

    public long CreatedAt { get; set; }

    public long LastUpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? LastUpdatedBy { get; set; }

    public string Workspace { get; set; } = Common.WorkspaceNames.Default;
}

/// <summary>A provider model with the key to call it; the key may be deleted (the definition is then orphaned).</summary>
public sealed class GatewayModelDefinition : IWorkspaceOwned
{
    public required string ModelDefinitionId { get; set; }

    public required string Name { get; set; }

    public string? SecretId { get; set; }

    public required string Provider { get; set; }

    public required string ModelName { get; set; }

    public long CreatedAt { get; set; }

    public long LastUpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? LastUpdatedBy { get; set; }

    public string Workspace { get; set; } = Common.WorkspaceNames.Default;

    public GatewaySecret? Secret { get; set; }
}

/// <summary>A named route to one or more model definitions (traffic split, fallback).</summary>
public sealed class GatewayEndpoint : IWorkspaceOwned
{
    public required string EndpointId { get; set; }

    public required string Name { get; set; }

    public long CreatedAt { get; set; }

    public long LastUpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? LastUpdatedBy { get; set; }

    /// <summary>Null, or REQUEST_BASED_TRAFFIC_SPLIT.</summary>
    public string? RoutingStrategy { get; set; }

    /// <summary>JSON <c>{"strategy": "SEQUENTIAL", "max_attempts": n}</c>, as MLflow stores it.</summary>
    public string? FallbackConfigJson { get; set; }

    /// <summary>The experiment that receives usage traces; no foreign key, as in MLflow.</summary>
    public long? ExperimentId { get; set; }

    public bool UsageTracking { get; set; }

    public string Workspace { get; set; } = Common.WorkspaceNames.Default;

    public List<GatewayEndpointModelMapping> Mappings { get; set; } = [];

    public List<GatewayEndpointTag> Tags { get; set; } = [];
}

public sealed class GatewayEndpointModelMapping : IWorkspaceChild<GatewayEndpointModelMapping>
{
    public required string MappingId { get; set; }

    public required string EndpointId { get; set; }

    public required string ModelDefinitionId { get; set; }

    public double Weight { get; set; } = 1.0;

    /// <summary>PRIMARY or FALLBACK.</summary>
    public required string LinkageType { get; set; }

    public int? FallbackOrder { get; set; }

    public long CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public GatewayEndpoint? Endpoint { get; set; }

    public GatewayModelDefinition? ModelDefinition { get; set; }

    public static Expression<Func<GatewayEndpointModelMapping, string>> WorkspacePath => m => m.Endpoint!.Workspace;
}

public sealed class GatewayEndpointTag : IWorkspaceChild<GatewayEndpointTag>
{
    public required string EndpointId { get; set; }

    public required string Key { get; set; }

    public string? Value { get; set; }

    public GatewayEndpoint? Endpoint { get; set; }

    public static Expression<Func<GatewayEndpointTag, string>> WorkspacePath => t => t.Endpoint!.Workspace;
}

/// <summary>Which resource (a scorer) uses an endpoint.</summary>
public sealed class GatewayEndpointBinding : IWorkspaceChild<GatewayEndpointBinding>
{
    public required string EndpointId { get; set; }

    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    public long CreatedAt { get; set; }

    public long LastUpdatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? LastUpdatedBy { get; set; }

    public string? DisplayName { get; set; }

    public GatewayEndpoint? Endpoint { get; set; }

    public static Expression<Func<GatewayEndpointBinding, string>> WorkspacePath => b => b.Endpoint!.Workspace;
}

/// <summary>One invocation: who called which endpoint and model, the tokens and the time it took. Goes with its endpoint.</summary>
public sealed class GatewayUsage : IWorkspaceChild<GatewayUsage>
{
    public long Id { get; set; }

    public required string EndpointId { get; set; }

    public string? ModelDefinitionId { get; set; }

    public string? Caller { get; set; }

    public long Timestamp { get; set; }

    public int Status { get; set; }

    public long LatencyMs { get; set; }

    public int? PromptTokens { get; set; }

    public int? CompletionTokens { get; set; }

    public GatewayEndpoint? Endpoint { get; set; }

    public static Expression<Func<GatewayUsage, string>> WorkspacePath => u => u.Endpoint!.Workspace;
}

/// <summary>Explicit grants on gateway resources, keyed by the resource id; they go with the resource.</summary>
public sealed class GatewaySecretPermission : IWorkspaceChild<GatewaySecretPermission>
{
    public required string SecretId { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }

    public GatewaySecret? Secret { get; set; }

    public User? User { get; set; }

    public static Expression<Func<GatewaySecretPermission, string>> WorkspacePath => p => p.Secret!.Workspace;
}

public sealed class GatewayModelDefinitionPermission : IWorkspaceChild<GatewayModelDefinitionPermission>
{
    public required string ModelDefinitionId { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }

    public GatewayModelDefinition? ModelDefinition { get; set; }

    public User? User { get; set; }

    public static Expression<Func<GatewayModelDefinitionPermission, string>> WorkspacePath => p => p.ModelDefinition!.Workspace;
}

public sealed class GatewayEndpointPermission : IWorkspaceChild<GatewayEndpointPermission>
{
    public required string EndpointId { get; set; }

    public long UserId { get; set; }

    public required string Permission { get; set; }

    public GatewayEndpoint? Endpoint { get; set; }

    public User? User { get; set; }

    public static Expression<Func<GatewayEndpointPermission, string>> WorkspacePath => p => p.Endpoint!.Workspace;
}
