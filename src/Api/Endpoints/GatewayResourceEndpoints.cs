using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;

namespace Workspaces.Api.Endpoints;

/// <summary>AI Gateway secrets (API keys) and model definitions under <c>/api/3.0/mlflow/gateway/…</c>.</summary>
public static class GatewayResourceEndpoints
{
    public static void MapGatewayResourceEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(3))
        {
            var s = prefix.MapGroup("/mlflow/gateway/secrets").WithTags("AI Gateway");
            s.MapPost("/create", (HttpRequest r, GatewaySecretService svc) => Rpc.HandleAsync(r, async (f, ct) => Secret(await svc.CreateAsync(
                new CreateSecretRequest(f.OptString("secret_name").Must(), f.OptStringMap("secret_value", secret: true).Must(), f.OptString("provider").Must(),
                    f.OptStringMap("auth_config").Must(), f.OptString("created_by").Must()), ct))))
                        .Shape<CreateGatewaySecretRequestJson, GatewaySecretResponse>().Rule(AuthRule.Authenticated);
            s.MapGet("/get", (HttpRequest r, GatewaySecretService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Secret(await svc.GetAsync(f.OptString("secret_id").Must(), ct))))
                    .Shape<GatewaySecretIdRequestJson, GatewaySecretResponse>().Rule(AuthRule.Authenticated);
            s.MapPost("/update", (HttpRequest r, GatewaySecretService svc) => Rpc.HandleAsync(r, async (f, ct) => Secret(await svc.UpdateAsync(
                new UpdateSecretRequest(f.OptString("secret_id").Must(), f.OptStringMap("secret_value", secret: true).Must(), f.OptStringMap("auth_config").Must(),
                    f.OptString("updated_by").Must()), ct)))).Shape<UpdateGatewaySecretRequestJson, GatewaySecretResponse>().Rule(AuthRule.Authenticated);
            s.MapDelete("/delete", (HttpRequest r, GatewaySecretService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.DeleteAsync(f.OptString("secret_id").Must(), ct))))
                    .Shape<GatewaySecretIdRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            s.MapGet("/list", (HttpRequest r, GatewaySecretService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.ListAsync(f.OptString("provider").Must(), ct), list => Rpc.Json(
                    new GatewaySecretsResponse(list.Count == 0 ? null : list.Select(GatewaySecretJson.From).ToList()), ApiJsonContext.Wire.GatewaySecretsResponse))))
                .Shape<GatewayProviderFilterJson, GatewaySecretsResponse>().Rule(AuthRule.Authenticated);

            var d = prefix.MapGroup("/mlflow/gateway/model-definitions").WithTags("AI Gateway");
            d.MapPost("/create", (HttpRequest r, GatewayModelDefinitionService svc) => Rpc.HandleAsync(r, async (f, ct) => Definition(await svc.CreateAsync(
                new CreateModelDefinitionRequest(f.OptString("name").Must(), f.OptString("secret_id").Must(), f.OptString("provider").Must(),
                    f.OptString("model_name").Must(), f.OptString("created_by").Must()), ct))))
                        .Shape<CreateGatewayModelDefinitionRequestJson, GatewayModelDefinitionResponse>().Rule(AuthRule.Authenticated);
            d.MapGet("/get", (HttpRequest r, GatewayModelDefinitionService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Definition(await svc.GetAsync(f.OptString("model_definition_id").Must(), ct))))
                    .Shape<GatewayModelDefinitionIdRequestJson, GatewayModelDefinitionResponse>().Rule(AuthRule.Authenticated);
            d.MapPost("/update", (HttpRequest r, GatewayModelDefinitionService svc) => Rpc.HandleAsync(r, async (f, ct) => Definition(await svc.UpdateAsync(
                new UpdateModelDefinitionRequest(f.OptString("model_definition_id").Must(), f.OptString("name").Must(), f.OptString("secret_id").Must(),
                    f.OptString("model_name").Must(), f.OptString("provider").Must(), f.OptString("updated_by").Must()), ct))))
                        .Shape<UpdateGatewayModelDefinitionRequestJson, GatewayModelDefinitionResponse>().Rule(AuthRule.Authenticated);
            d.MapDelete("/delete", (HttpRequest r, GatewayModelDefinitionService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.DeleteAsync(f.OptString("model_definition_id").Must(), ct))))
                    .Shape<GatewayModelDefinitionIdRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            d.MapGet("/list", (HttpRequest r, GatewayModelDefinitionService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.ListAsync(f.OptString("provider").Must(), f.OptString("secret_id").Must(), ct), list => Rpc.Json(
                    new GatewayModelDefinitionsResponse(list.Count == 0 ? null : list.Select(GatewayModelDefinitionJson.From).ToList()),
                    ApiJsonContext.Wire.GatewayModelDefinitionsResponse))))
                .Shape<ListGatewayModelDefinitionsRequestJson, GatewayModelDefinitionsResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static IResult Secret(Result<GatewaySecretInfo> result) =>
        Rpc.From(result, s => Rpc.Json(new GatewaySecretResponse(GatewaySecretJson.From(s)), ApiJsonContext.Wire.GatewaySecretResponse));

    private static IResult Definition(Result<GatewayModelDefinitionDto> result) =>
        Rpc.From(result, d => Rpc.Json(new GatewayModelDefinitionResponse(GatewayModelDefinitionJson.From(d)), ApiJsonContext.Wire.GatewayModelDefinitionResponse));
}
