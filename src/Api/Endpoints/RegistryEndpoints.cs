using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Errors;
using Workspaces.Data.Registry;

namespace Workspaces.Api.Endpoints;

/// <summary>Registered models and aliases under <c>/api/2.0/mlflow/registered-models/…</c> (prompts ride on them).</summary>
public static class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/registered-models").WithTags("Registered models");
            g.MapPost("/create", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.CreateAsync(f.RequiredString("name").Must(), f.KeyValues("tags"), f.OptString("description").Must(), ct))))
                    .Shape<CreateRegisteredModelRequestJson, RegisteredModelResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.GetAsync(f.RequiredString("name").Must(), ct))))
                    .Shape<RegisteredModelNameRequestJson, RegisteredModelResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/rename", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.RenameAsync(f.RequiredString("name").Must(), f.RequiredString("new_name").Must(), ct))))
                    .Shape<RenameRegisteredModelRequestJson, RegisteredModelResponse>().Rule(AuthRule.Authenticated);
            g.MapPatch("/update", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.UpdateAsync(f.RequiredString("name").Must(), f.OptString("description").Must(), ct))))
                    .Shape<UpdateRegisteredModelRequestJson, RegisteredModelResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/delete", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteAsync(f.RequiredString("name").Must(), ct))))
                    .Shape<RegisteredModelNameRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/search", Search).Shape<SearchRegistryRequestJson, SearchRegisteredModelsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/search", Search).Shape<SearchRegistryRequestJson, SearchRegisteredModelsResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get-latest-versions", LatestVersions).Shape<GetLatestVersionsRequestJson, ModelVersionsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/get-latest-versions", LatestVersions).Shape<GetLatestVersionsRequestJson, ModelVersionsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/set-tag", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.SetTagAsync(f.RequiredString("name").Must(), f.RequiredString("key").Must(), f.OptString("value").Must(), ct))))
                    .Shape<SetRegisteredModelTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/delete-tag", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteTagAsync(f.RequiredString("name").Must(), f.RequiredString("key").Must(), ct))))
                    .Shape<DeleteRegisteredModelTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/alias", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.SetAliasAsync(f.RequiredString("name").Must(), f.RequiredString("alias").Must(), f.RequiredString("version").Must(), ct))))
                    .Shape<SetRegisteredModelAliasRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/alias", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteAliasAsync(f.RequiredString("name").Must(), f.RequiredString("alias").Must(), ct))))
                    .Shape<RegisteredModelAliasRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/alias", (HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                ModelVersionEndpoints.Respond(await s.GetByAliasAsync(f.RequiredString("name").Must(), f.RequiredString("alias").Must(), ct))))
                    .Shape<RegisteredModelAliasRequestJson, ModelVersionResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static Task<IResult> Search(HttpRequest r, RegistrySearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
    {
        var page = await s.SearchModelsAsync(f.OptString("filter").Must(), f.OptLong("max_results").Must(), f.Strings("order_by").Must(),
            f.OptString("page_token").Must(), ct);
        return Rpc.From(page, p => Rpc.Json(new SearchRegisteredModelsResponse(
            p.Models.Count == 0 ? null : p.Models.Select(RegisteredModelJson.From).ToList(), p.NextPageToken), ApiJsonContext.Wire.SearchRegisteredModelsResponse));
    });

    private static Task<IResult> LatestVersions(HttpRequest r, RegisteredModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
    {
        var versions = await s.GetLatestVersionsAsync(f.RequiredString("name").Must(), f.Strings("stages").Must(), ct);
        return Rpc.From(versions, v => Rpc.Json(new ModelVersionsResponse(ModelVersionJson.From(v)), ApiJsonContext.Wire.ModelVersionsResponse));
    });

    private static IResult Respond(Result<RegisteredModelDto> result) =>
        Rpc.From(result, m => Rpc.Json(new RegisteredModelResponse(RegisteredModelJson.From(m)), ApiJsonContext.Wire.RegisteredModelResponse));
}
