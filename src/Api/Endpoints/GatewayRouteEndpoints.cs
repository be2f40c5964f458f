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

/// <summary>AI Gateway endpoints, their attached models, tags and bindings under <c>/api/3.0/mlflow/gateway/endpoints/…</c>.</summary>
public static class GatewayRouteEndpoints
{
    public static void MapGatewayRouteEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(3))
        {
            var e = prefix.MapGroup("/mlflow/gateway/endpoints").WithTags("AI Gateway");
            e.MapPost("/create", (HttpRequest r, GatewayEndpointService svc) => Rpc.HandleAsync(r, async (f, ct) => Endpoint(await svc.CreateAsync(
                new CreateEndpointRequest(f.OptString("name").Must(), Configs(f, "model_configs"), f.OptString("created_by").Must(),
                    f.OptString("routing_strategy").Must(), Fallback(f), f.OptString("experiment_id").Must(), f.OptBool("usage_tracking").Must()), ct))))
                .Shape<CreateGatewayEndpointRequestJson, GatewayEndpointResponse>().Rule(AuthRule.Authenticated);
            e.MapGet("/get", (HttpRequest r, GatewayEndpointService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Endpoint(await svc.GetAsync(f.OptString("endpoint_id").Must(), ct))))
                    .Shape<GatewayEndpointIdRequestJson, GatewayEndpointResponse>().Rule(AuthRule.Authenticated);
            e.MapPost("/update", (HttpRequest r, GatewayEndpointService svc) => Rpc.HandleAsync(r, async (f, ct) => Endpoint(await svc.UpdateAsync(
                new UpdateEndpointRequest(f.OptString("endpoint_id").Must(), f.OptString("name").Must(), f.OptString("updated_by").Must(),
                    Configs(f, "model_configs"), f.OptString("routing_strategy").Must(), Fallback(f), f.OptString("experiment_id").Must(),
                    f.OptBool("usage_tracking").Must()), ct))))
                .Shape<UpdateGatewayEndpointRequestJson, GatewayEndpointResponse>().Rule(AuthRule.Authenticated);
            e.MapDelete("/delete", (HttpRequest r, GatewayEndpointService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.DeleteAsync(f.OptString("endpoint_id").Must(), ct))))
                    .Shape<GatewayEndpointIdRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            e.MapGet("/list", (HttpRequest r, GatewayEndpointService svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.ListAsync(f.OptString("provider").Must(), ct), list => Rpc.Json(
                    new GatewayEndpointsResponse(list.Count == 0 ? null : list.Select(GatewayEndpointJson.From).ToList()), ApiJsonContext.Wire.GatewayEndpointsResponse))))
                .Shape<GatewayProviderFilterJson, GatewayEndpointsResponse>().Rule(AuthRule.Authenticated);

            e.MapPost("/models/attach", (HttpRequest r, GatewayEndpointParts svc) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var config = f.OptObject("model_config").Must();
                var attached = await svc.AttachAsync(f.OptString("endpoint_id").Must(), config is null ? null : Config(config), f.OptString("created_by").Must(), ct);
                return Rpc.From(attached, m => Rpc.Json(new GatewayMappingResponse(GatewayMappingJson.From(m)), ApiJsonContext.Wire.GatewayMappingResponse));
            })).Shape<AttachGatewayModelRequestJson, GatewayMappingResponse>().Rule(AuthRule.Authenticated);
            e.MapPost("/models/detach", (HttpRequest r, GatewayEndpointParts svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.DetachAsync(f.OptString("endpoint_id").Must(), f.OptString("model_definition_id").Must(), ct))))
                    .Shape<DetachGatewayModelRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            e.MapPost("/set-tag", (HttpRequest r, GatewayEndpointParts svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.SetTagAsync(f.OptString("endpoint_id").Must(), f.OptString("key").Must(), f.OptString("value").Must(), ct))))
                .Shape<SetGatewayEndpointTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            e.MapDelete("/delete-tag", (HttpRequest r, GatewayEndpointParts svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.DeleteTagAsync(f.OptString("endpoint_id").Must(), f.OptString("key").Must(), ct))))
                    .Shape<DeleteGatewayEndpointTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);

            e.MapPost("/bindings/create", (HttpRequest r, GatewayEndpointParts svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.CreateBindingAsync(f.OptString("endpoint_id").Must(), f.OptString("resource_type").Must(), f.OptString("resource_id").Must(),
                    f.OptString("created_by").Must(), ct), b => Rpc.Json(new GatewayBindingResponse(GatewayBindingJson.From(b)), ApiJsonContext.Wire.GatewayBindingResponse))))
                .Shape<CreateGatewayBindingRequestJson, GatewayBindingResponse>().Rule(AuthRule.Authenticated);
            e.MapDelete("/bindings/delete", (HttpRequest r, GatewayEndpointParts svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.DeleteBindingAsync(f.OptString("endpoint_id").Must(), f.OptString("resource_type").Must(), f.OptString("resource_id").Must(), ct))))
                .Shape<DeleteGatewayBindingRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            e.MapGet("/bindings/list", (HttpRequest r, GatewayEndpointParts svc) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await svc.ListBindingsAsync(f.OptString("endpoint_id").Must(), f.OptString("resource_type").Must(), f.OptString("resource_id").Must(), ct),
                    list => Rpc.Json(new GatewayBindingsResponse(list.Count == 0 ? null : list.Select(GatewayBindingJson.From).ToList()),
                        ApiJsonContext.Wire.GatewayBindingsResponse))))
                .Shape<ListGatewayBindingsRequestJson, GatewayBindingsResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static List<GatewayModelConfig> Configs(FieldReader f, string name) => f.Objects(name).Must().Select(Config).ToList();

    private static GatewayModelConfig Config(FieldReader c)
    {
        var weight = c.OptDouble("weight").Must();
        var order = c.OptLong("fallback_order").Must();
        if (order is < int.MinValue or > int.MaxValue)
            throw new RequestFieldException(Error.InvalidParameter($"Invalid value {order} for parameter '{c.Path("fallback_order")}' supplied."));
        return new GatewayModelConfig(c.OptString("model_definition_id").Must(), c.OptString("linkage_type").Must(), weight, (int?)order);
    }

    private static GatewayFallbackConfig? Fallback(FieldReader f)
    {
        if (f.OptObject("fallback_config").Must() is not { } config)
            return null;
        var max = config.OptLong("max_attempts").Must();
        if (max is < int.MinValue or > int.MaxValue)
            throw new RequestFieldException(Error.InvalidParameter($"Invalid value {max} for parameter 'fallback_config.max_attempts' supplied."));
        return new GatewayFallbackConfig(config.OptString("strategy").Must(), (int?)max);
    }

    private static IResult Endpoint(Result<GatewayEndpointDto> result) =>
        Rpc.From(result, e => Rpc.Json(new GatewayEndpointResponse(GatewayEndpointJson.From(e)), ApiJsonContext.Wire.GatewayEndpointResponse));
}
