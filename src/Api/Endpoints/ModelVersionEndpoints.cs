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

/// <summary>Model versions under <c>/api/2.0/mlflow/model-versions/…</c>.</summary>
public static class ModelVersionEndpoints
{
    public static void MapModelVersionEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/model-versions").WithTags("Model versions");
            g.MapPost("/create", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.CreateAsync(new CreateModelVersionRequest(f.RequiredString("name").Must(), f.RequiredString("source").Must(),
                    f.OptString("run_id").Must(), f.KeyValues("tags"), f.OptString("run_link").Must(), f.OptString("description").Must(),
                    f.OptString("model_id").Must()), ct)))).Shape<CreateModelVersionRequestJson, ModelVersionResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.GetAsync(f.RequiredString("name").Must(), f.RequiredString("version").Must(), ct))))
                    .Shape<ModelVersionRequestJson, ModelVersionResponse>().Rule(AuthRule.Authenticated);
            g.MapPatch("/update", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.UpdateAsync(f.RequiredString("name").Must(), f.RequiredString("version").Must(), f.OptString("description").Must(), ct))))
                    .Shape<UpdateModelVersionRequestJson, ModelVersionResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/delete", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteAsync(f.RequiredString("name").Must(), f.RequiredString("version").Must(), ct))))
                    .Shape<ModelVersionRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/search", Search).Shape<SearchRegistryRequestJson, ModelVersionsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/search", Search).Shape<SearchRegistryRequestJson, ModelVersionsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/transition-stage", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.TransitionAsync(f.RequiredString("name").Must(), f.RequiredString("version").Must(), f.RequiredString("stage").Must(),
                    f.OptBool("archive_existing_versions").Must() ?? false, ct))))
                        .Shape<TransitionModelVersionStageRequestJson, ModelVersionResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get-download-uri", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.GetDownloadUriAsync(f.RequiredString("name").Must(), f.RequiredString("version").Must(), ct),
                    uri => Rpc.Json(new DownloadUriResponse(uri), ApiJsonContext.Wire.DownloadUriResponse))))
                        .Shape<ModelVersionRequestJson, DownloadUriResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/set-tag", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.SetTagAsync(f.RequiredString("name").Must(), f.RequiredString("version").Must(), f.RequiredString("key").Must(),
                    f.OptString("value").Must(), ct)))).Shape<SetModelVersionTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/delete-tag", (HttpRequest r, ModelVersionService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteTagAsync(f.RequiredString("name").Must(), f.RequiredString("version").Must(), f.RequiredString("key").Must(), ct))))
                    .Shape<DeleteModelVersionTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static Task<IResult> Search(HttpRequest r, RegistrySearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
    {
        var page = await s.SearchVersionsAsync(f.OptString("filter").Must(), f.OptLong("max_results").Must(), f.Strings("order_by").Must(),
            f.OptString("page_token").Must(), ct);
        return Rpc.From(page, p => Rpc.Json(new ModelVersionsResponse(ModelVersionJson.From(p.Versions), p.NextPageToken), ApiJsonContext.Wire.ModelVersionsResponse));
    });

    internal static IResult Respond(Result<ModelVersionDto> result) =>
        Rpc.From(result, v => Rpc.Json(new ModelVersionResponse(ModelVersionJson.From(v)), ApiJsonContext.Wire.ModelVersionResponse));
}
