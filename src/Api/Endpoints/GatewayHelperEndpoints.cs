using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Api.Endpoints;

/// <summary>The AJAX-only helpers MLflow's gateway UI calls: providers, suggested models, a provider's form, whether keys can be stored.</summary>
public static class GatewayHelperEndpoints
{
    public static void MapGatewayHelperEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/ajax-api/3.0/mlflow/gateway").WithTags("AI Gateway").Unscoped();
        g.MapGet("/supported-providers", () => Rpc.Json(new GatewayProvidersResponse([.. ProviderCatalog.Supported]), ApiJsonContext.Wire.GatewayProvidersResponse))
            .Rule(AuthRule.Authenticated);
        g.MapGet("/supported-models", (HttpRequest r) => Rpc.HandleAsync(r, (f, _) => Task.FromResult(
            Rpc.From(ProviderModels.For(f.OptString("provider").Must()), models => Rpc.Json(
                new GatewayModelsResponse(models.Count == 0 ? null : [.. models]), ApiJsonContext.Wire.GatewayModelsResponse)))))
            .Rule(AuthRule.Authenticated);
        g.MapGet("/provider-config", (HttpRequest r) => Rpc.HandleAsync(r, (f, _) => Task.FromResult(
            Rpc.From(ProviderCatalog.ProviderConfig(f.OptString("provider").Must()), schema => Rpc.Json(
                ProviderConfigResponse.From(schema), ApiJsonContext.Wire.ProviderConfigResponse)))))
            .Rule(AuthRule.Authenticated);
        g.MapGet("/secrets/config", (GatewaySecretService secrets) =>
        {
            var (available, usingDefault) = secrets.Config();
            return Rpc.Json(new GatewaySecretsConfigResponse(available, usingDefault), ApiJsonContext.Wire.GatewaySecretsConfigResponse);
        }).Rule(AuthRule.Authenticated);
    }
}
