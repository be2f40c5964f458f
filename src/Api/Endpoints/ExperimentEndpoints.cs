using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Tracking;

namespace Workspaces.Api.Endpoints;

/// <summary>Experiment RPCs under <c>/api/2.0/mlflow/experiments/…</c> and <c>/ajax-api/2.0/…</c>.</summary>
public static class ExperimentEndpoints
{
    public static void MapExperimentEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/experiments").WithTags("Experiments");
            g.MapPost("/create", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var name = f.RequiredString("name").Must();
                var id = await s.CreateAsync(name, f.OptString("artifact_location").Must(), f.KeyValues("tags"), ct);
                return Rpc.From(id, v => Rpc.Json(new CreateExperimentResponse(v), ApiJsonContext.Wire.CreateExperimentResponse));
            })).Shape<CreateExperimentRequestJson, CreateExperimentResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.GetAsync(f.RequiredString("experiment_id").Must(), ct))))
                    .Shape<ExperimentIdRequestJson, ExperimentResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get-by-name", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Respond(await s.GetByNameAsync(f.RequiredString("experiment_name").Must(), ct))))
                    .Shape<GetExperimentByNameRequestJson, ExperimentResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/search", Search).Shape<SearchExperimentsRequestJson, SearchExperimentsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/search", Search).Shape<SearchExperimentsRequestJson, SearchExperimentsResponse>().Rule(AuthRule.Authenticated);
            // Kept for 1.x-era scripts and the project's getting-started guide (SPEC §2).
            g.MapGet("/list", Search).Shape<SearchExperimentsRequestJson, SearchExperimentsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/update", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.RenameAsync(f.RequiredString("experiment_id").Must(), f.RequiredString("new_name").Must(), ct))))
                    .Shape<UpdateExperimentRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/delete", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteAsync(f.RequiredString("experiment_id").Must(), ct))))
                    .Shape<ExperimentIdRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/restore", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.RestoreAsync(f.RequiredString("experiment_id").Must(), ct))))
                    .Shape<ExperimentIdRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/set-experiment-tag", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.SetTagAsync(f.RequiredString("experiment_id").Must(), f.RequiredString("key").Must(), f.OptString("value").Must(), ct))))
                    .Shape<SetExperimentTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/delete-experiment-tag", (HttpRequest r, ExperimentService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteTagAsync(f.RequiredString("experiment_id").Must(), f.RequiredString("key").Must(), ct))))
                    .Shape<DeleteExperimentTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
    }

    private static Task<IResult> Search(HttpRequest r, ExperimentSearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
    {
        var request = new ExperimentSearchRequest(
            f.OptString("filter").Must(),
            ViewTypes.Parse(f.Enum("view_type", ViewTypes.All).Must()),
            f.OptLong("max_results").Must(),
            f.Strings("order_by").Must(),
            f.OptString("page_token").Must());
        var page = await s.SearchAsync(request, ct);
        return Rpc.From(page, p => Rpc.Json(new SearchExperimentsResponse(
            p.Experiments.Count == 0 ? null : p.Experiments.Select(ExperimentJson.From).ToList(), p.NextPageToken), ApiJsonContext.Wire.SearchExperimentsResponse));
    });

    private static IResult Respond(Workspaces.Data.Errors.Result<ExperimentInfo> result) =>
        Rpc.From(result, e => Rpc.Json(new ExperimentResponse(ExperimentJson.From(e)), ApiJsonContext.Wire.ExperimentResponse));
}
