using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Common;
using Workspaces.Data.Gateway;

namespace Workspaces.Api.Endpoints;

/// <summary>Explicit grants on gateway resources: <c>/api/3.0/mlflow/gateway/{secrets,endpoints,model-definitions}/permissions/…</c>.</summary>
public static class GatewayPermissionEndpoints
{
    public static void MapGatewayPermissionEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(3))
        {
            Map(prefix, "secrets", GatewayResource.Secret);
            Map(prefix, "endpoints", GatewayResource.Endpoint);
            Map(prefix, "model-definitions", GatewayResource.ModelDefinition);
        }
    }

    private static void Map(IEndpointRouteBuilder prefix, string family, GatewayResource kind)
    {
        var idField = GatewayGrantService.IdField(kind);
        var (request, response) = Shapes(kind);
        var g = prefix.MapGroup($"/mlflow/gateway/{family}/permissions").WithTags("AI Gateway permissions");
        g.MapPost("/create", (HttpRequest r, GatewayGrantService svc) => Rpc.HandleAsync(r, async (f, ct) =>
            Rpc.From(await svc.CreateAsync(kind, f.OptString(idField).Must(), f.OptString("username").Must(), f.OptString("permission").Must(), ct),
                grant => Grant(kind, grant)))).Shape(request, response).Rule(AuthRule.Authenticated);
        g.MapGet("/get", (HttpRequest r, GatewayGrantService svc) => Rpc.HandleAsync(r, async (f, ct) =>
            Rpc.From(await svc.GetAsync(kind, f.OptString(idField).Must(), f.OptString("username").Must(), ct), grant => Grant(kind, grant))))
            .Shape(request, response).Rule(AuthRule.Authenticated);
        g.MapPatch("/update", (HttpRequest r, GatewayGrantService svc) => Rpc.HandleAsync(r, async (f, ct) =>
            Rpc.From(await svc.UpdateAsync(kind, f.OptString(idField).Must(), f.OptString("username").Must(), f.OptString("permission").Must(), ct))))
            .Shape(request, typeof(EmptyResponse)).Rule(AuthRule.Authenticated);
        g.MapDelete("/delete", (HttpRequest r, GatewayGrantService svc) => Rpc.HandleAsync(r, async (f, ct) =>
            Rpc.From(await svc.DeleteAsync(kind, f.OptString(idField).Must(), f.OptString("username").Must(), ct))))
            .Shape(request, typeof(EmptyResponse)).Rule(AuthRule.Authenticated);
    }

    private static (Type Request, Type Response) Shapes(GatewayResource kind) => kind switch
    {
        GatewayResource.Secret => (typeof(GatewaySecretPermissionRequestJson), typeof(GatewaySecretPermissionResponse)),
        GatewayResource.ModelDefinition => (typeof(GatewayModelDefinitionPermissionRequestJson), typeof(GatewayModelDefinitionPermissionResponse)),
        _ => (typeof(GatewayEndpointPermissionRequestJson), typeof(GatewayEndpointPermissionResponse)),
    };

    private static IResult Grant(GatewayResource kind, GatewayGrant g) => kind switch
    {
        GatewayResource.Secret => Rpc.Json(new GatewaySecretPermissionResponse(new(g.ResourceId, g.UserId, g.Permission)),
            ApiJsonContext.Wire.GatewaySecretPermissionResponse),
        GatewayResource.ModelDefinition => Rpc.Json(new GatewayModelDefinitionPermissionResponse(new(g.ResourceId, g.UserId, g.Permission)),
            ApiJsonContext.Wire.GatewayModelDefinitionPermissionResponse),
        _ => Rpc.Json(new GatewayEndpointPermissionResponse(new(g.ResourceId, g.UserId, g.Permission)), ApiJsonContext.Wire.GatewayEndpointPermissionResponse),
    };
}
