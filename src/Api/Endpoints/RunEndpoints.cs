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

/// <summary>Run RPCs under <c>/api/2.0/mlflow/runs/…</c> and <c>/ajax-api/2.0/…</c>.</summary>
public static class RunEndpoints
{
    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow/runs").WithTags("Runs");
            g.MapPost("/create", (HttpRequest r, RunService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var request = new CreateRunRequest(f.OptString("experiment_id").Must(), f.OptString("user_id").Must(), f.OptString("run_name").Must(),
                    f.OptLong("start_time").Must(), f.KeyValues("tags"));
                return RespondRun(await s.CreateAsync(request, ct));
            })).Shape<CreateRunRequestJson, RunResponse>().Rule(AuthRule.Authenticated);
            g.MapGet("/get", (HttpRequest r, RunService s) => Rpc.HandleAsync(r, async (f, ct) => RespondRun(await s.GetAsync(f.RunId(), ct))))
                .Shape<RunIdRequestJson, RunResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/update", (HttpRequest r, RunService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var updated = await s.UpdateAsync(f.RunId(), f.Enum("status", RunStatuses.All).Must(), f.OptLong("end_time").Must(), f.OptString("run_name").Must(), ct);
                return Rpc.From(updated, i => Rpc.Json(new UpdateRunResponse(RunInfoJson.From(i)), ApiJsonContext.Wire.UpdateRunResponse));
            })).Shape<UpdateRunRequestJson, UpdateRunResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/delete", (HttpRequest r, RunService s) => Rpc.HandleAsync(r, async (f, ct) => Rpc.From(await s.DeleteAsync(f.RunId(), ct))))
                .Shape<RunIdRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/restore", (HttpRequest r, RunService s) => Rpc.HandleAsync(r, async (f, ct) => Rpc.From(await s.RestoreAsync(f.RunId(), ct))))
                .Shape<RunIdRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/search", (HttpRequest r, RunSearchService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var request = new RunSearchRequest(f.Strings("experiment_ids").Must(), f.OptString("filter").Must(),
                    ViewTypes.Parse(f.Enum("run_view_type", ViewTypes.All).Must()), f.OptLong("max_results").Must(), f.Strings("order_by").Must(),
                    f.OptString("page_token").Must());
                var page = await s.SearchAsync(request, ct);
                return Rpc.From(page, p => Rpc.Json(new SearchRunsResponse(p.Runs.Count == 0 ? null : p.Runs.Select(RunJson.From).ToList(), p.NextPageToken),
                    ApiJsonContext.Wire.SearchRunsResponse));
            })).Shape<SearchRunsRequestJson, SearchRunsResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/log-metric", (HttpRequest r, RunLoggingService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.LogMetricAsync(f.RunId(), Metric(f), ct)))).Shape<LogMetricRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/log-parameter", (HttpRequest r, RunLoggingService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.LogParamAsync(f.RunId(), f.RequiredString("key").Must(), f.OptString("value").Must(), ct))))
                    .Shape<LogParamRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/set-tag", (HttpRequest r, RunLoggingService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.SetTagAsync(f.RunId(), f.RequiredString("key").Must(), f.OptString("value").Must(), ct))))
                    .Shape<SetTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/delete-tag", (HttpRequest r, RunService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.DeleteTagAsync(f.RunId(), f.RequiredString("key").Must(), ct))))
                    .Shape<DeleteTagRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/log-batch", (HttpRequest r, RunLoggingService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var runId = f.RunId();
                var batch = new LogBatchRequest(f.Objects("metrics").Must().Select(Metric).ToList(), f.KeyValues("params"), f.KeyValues("tags"));
                return Rpc.From(await s.LogBatchAsync(runId, batch, ct));
            })).Shape<LogBatchRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/log-inputs", (HttpRequest r, RunInputsService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var runId = f.RunId();
                var datasets = f.Objects("datasets").Must().Select(d =>
                {
                    var ds = d.OptObject("dataset").Must() ?? throw new RequestFieldException(Error.InvalidParameter("Dataset cannot be None"));
                    return new DatasetInputRequest(new DatasetDto(ds.OptString("name").Must() ?? "", ds.OptString("digest").Must() ?? "",
                        ds.OptString("source_type").Must() ?? "", ds.OptString("source").Must()!, ds.OptString("schema").Must(), ds.OptString("profile").Must()),
                        d.KeyValues("tags", keyRequired: false));
                }).ToList();
                var models = f.Objects("models").Must().Select(m => m.RequiredString("model_id").Must()).ToList();
                return Rpc.From(await s.LogInputsAsync(runId, datasets, models, ct));
            })).Shape<LogInputsRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/outputs", (HttpRequest r, RunInputsService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var runId = f.RunId();
                if (!f.Has("models"))
                    throw new RequestFieldException(Error.MissingParameter("models"));
                var models = f.Objects("models").Must().Select(m => new ModelIoDto(m.RequiredString("model_id").Must(), m.OptLong("step").Must())).ToList();
                return Rpc.From(await s.LogOutputsAsync(runId, models, ct));
            })).Shape<LogOutputsRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapPost("/log-model", (HttpRequest r, RunInputsService s) => Rpc.HandleAsync(r, async (f, ct) =>
                Rpc.From(await s.LogModelAsync(f.RunId(), f.RequiredString("model_json").Must(), ct))))
                    .Shape<LogModelRequestJson, EmptyResponse>().Rule(AuthRule.Authenticated);
        }
    }

    /// <summary>A metric's fields as MLflow's handler requires them (key, value, timestamp; step defaults to 0).</summary>
    private static MetricPoint Metric(FieldReader f) => new(
        f.RequiredString("key").Must(),
        f.OptDouble("value").Must() ?? throw new RequestFieldException(Error.MissingParameter(f.Path("value"))),
        f.RequiredLong("timestamp").Must(),
        f.OptLong("step").Must() ?? 0,
        NullIfEmpty(f.OptString("model_id").Must()),
        NullIfEmpty(f.OptString("dataset_name").Must()),
        NullIfEmpty(f.OptString("dataset_digest").Must()));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static IResult RespondRun(Result<RunDto> result) =>
        Rpc.From(result, run => Rpc.Json(new RunResponse(RunJson.From(run)), ApiJsonContext.Wire.RunResponse));
}
