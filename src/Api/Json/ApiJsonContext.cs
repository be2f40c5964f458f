using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Workspaces.Api.Errors;

namespace Workspaces.Api.Json;

/// <summary>
/// Source-generated serialisation for every response shape: snake_case names and unset (null)
/// fields omitted, as MLflow's proto JSON does.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(ServerInfoResponse))]
[JsonSerializable(typeof(ReadinessResponse))]
[JsonSerializable(typeof(WorkspaceResponse))]
[JsonSerializable(typeof(ListWorkspacesResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(UpdateRunResponse))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(MetricsResponse))]
[JsonSerializable(typeof(LoggedModelResponse))]
[JsonSerializable(typeof(SearchLoggedModelsResponse))]
[JsonSerializable(typeof(ListArtifactsResponse))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(ModelVersionsResponse))]
[JsonSerializable(typeof(DownloadUriResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(UsersResponse))]
[JsonSerializable(typeof(ExperimentPermissionResponse))]
[JsonSerializable(typeof(RegisteredModelPermissionResponse))]
[JsonSerializable(typeof(WorkspacePermissionResponse))]
[JsonSerializable(typeof(WorkspacePermissionsResponse))]
[JsonSerializable(typeof(CreateTokenResponse))]
[JsonSerializable(typeof(TokensResponse))]
[JsonSerializable(typeof(AuditEventsResponse))]
[JsonSerializable(typeof(GatewaySecretResponse))]
[JsonSerializable(typeof(GatewaySecretsResponse))]
[JsonSerializable(typeof(GatewayModelDefinitionResponse))]
[JsonSerializable(typeof(GatewayModelDefinitionsResponse))]
[JsonSerializable(typeof(GatewayEndpointResponse))]
[JsonSerializable(typeof(GatewayEndpointsResponse))]
[JsonSerializable(typeof(GatewayMappingResponse))]
[JsonSerializable(typeof(GatewayBindingResponse))]
[JsonSerializable(typeof(GatewayBindingsResponse))]
[JsonSerializable(typeof(GatewaySecretPermissionResponse))]
[JsonSerializable(typeof(GatewayEndpointPermissionResponse))]
[JsonSerializable(typeof(GatewayModelDefinitionPermissionResponse))]
[JsonSerializable(typeof(GatewayProvidersResponse))]
[JsonSerializable(typeof(GatewayModelsResponse))]
[JsonSerializable(typeof(GatewaySecretsConfigResponse))]
[JsonSerializable(typeof(GatewayDetailText))]
[JsonSerializable(typeof(GatewayDetailError))]
[JsonSerializable(typeof(GatewayStreamError))]
[JsonSerializable(typeof(ProviderConfigResponse))]
[JsonSerializable(typeof(OtlpDetail))]
[JsonSerializable(typeof(OtlpValidationResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The instance every endpoint uses: relaxed escaping keeps quotes and apostrophes in messages
    /// readable (<c>'team-a'</c>, not <c>\u0027team-a\u0027</c>), as MLflow writes them.
    /// </summary>
    public static ApiJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
