using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracking;

namespace Workspaces.Api.Endpoints;

/// <summary>MLflow 3 logged models under <c>/api/2.0/mlflow/logged-models…</c>.</summary>
public static class LoggedModelEndpoints
{
    public static void MapLoggedModelEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/logged-models").WithTags("Logged models");
            g.MapPost("", (HttpRequest r, LoggedModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var request = new CreateLoggedModelRequest(f.RequiredString("experiment_id").Must(), f.OptString("name").Must(), f.OptString("model_type").Must(),
                    f.OptString("source_run_id").Must(), f.KeyValues("params"), f.KeyValues("tags"));
                return Respond(await s.CreateAsync(request, ct));
            })).Shape<CreateLoggedModelRequestJson, LoggedModelResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/search", (HttpRequest r, LoggedModelSearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var datasets = f.Objects("datasets").Must().Select(d => new LoggedModelDatasetFilter(
                    d.OptString("dataset_name").Must() is { Length: > 0 } name ? name
                        : throw new RequestFieldException(Error.InvalidParameter("`dataset_name` in the `datasets` clause must be specified.")),
                    d.OptString("dataset_digest").Must())).ToList();
                var order = f.Objects("order_by").Must().Select(o => new LoggedModelOrder(
                    o.RequiredString("field_name").Must(), o.OptBool("ascending").Must() ?? true, o.OptString("dataset_name").Must(),
                    o.OptString("dataset_digest").Must())).ToList();
                var request = new LoggedModelSearchRequest(f.Strings("experiment_ids").Must(), f.OptString("filter").Must(), datasets,
                    f.OptLong("max_results").Must(), order, f.OptString("page_token").Must());
                var page = await s.SearchAsync(request, ct);
                return Rpc.From(page, p => Rpc.Json(new SearchLoggedModelsResponse(
                    p.Models.Count == 0 ? null : p.Models.Select(LoggedModelJson.From).ToList(), p.NextPageToken), ApiJsonContext.Wire.SearchLoggedModelsResponse));
            })).Shape<SearchLoggedModelsRequestJson, SearchLoggedModelsResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/{modelId}", (string modelId, HttpRequest r, LoggedModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.GetAsync(modelId, f.OptBool("allow_deleted").Must() ?? false, ct))))
                    .Shape<GetLoggedModelRequestJson, LoggedModelResponse>().Rule(AuthRule.Authenticated);
            g.MapPatch("/{modelId}", (string modelId, HttpRequest r, LoggedModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var status = f.Enum("status", LoggedModelStatuses.All).Must() ?? throw new RequestFieldException(Error.MissingParameter("status"));
                return Respond(await s.FinalizeAsync(modelId, status, ct));
            })).Shape<FinalizeLoggedModelRequestJson, LoggedModelResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/{modelId}", (string modelId, HttpRequest r, LoggedModelService s) => Rpc.HandleAsync(r, async (_, ct) =>
                Rpc.From(await s.DeleteAsync(modelId, ct)))).Shape<EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPatch("/{modelId}/tags", (string modelId, HttpRequest r, LoggedModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.SetTagsAsync(modelId, f.KeyValues("tags"), ct))))
                    .Shape<LoggedModelTagsRequestJson, LoggedModelResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete("/{modelId}/tags/{tagKey}", (string modelId, string tagKey, HttpRequest r, LoggedModelService s) => Rpc.HandleAsync(r, async (_, ct) =>
                Rpc.From(await s.DeleteTagAsync(modelId, tagKey, ct)))).Shape<EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/{modelId}/params", (string modelId, HttpRequest r, LoggedModelService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.LogParamsAsync(modelId, f.KeyValues("params"), ct))))
                    .Shape<LoggedModelParamsRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static IResult Respond(Result<LoggedModelDto> result) =>
        Rpc.From(result, m => Rpc.Json(new LoggedModelResponse(LoggedModelJson.From(m)), ApiJsonContext.Wire.LoggedModelResponse));
}
