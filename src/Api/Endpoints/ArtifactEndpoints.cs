using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// The proxied artifact API (<c>mlflow_artifacts.proto</c>) under <c>/api/2.0/mlflow-artifacts</c> and its ajax
/// twin. Every path is checked and mapped into the request's workspace, then the caller's access to it decided
/// (<see cref="ArtifactService.ProxiedAsync"/>), before storage sees it.
/// </summary>
public static class ArtifactEndpoints
{
    public const string PathRoute = "artifactPath";

    public static void MapArtifactEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            var g = prefix.MapGroup("/mlflow-artifacts").WithTags("Artifacts");
            g.MapGet("/artifacts", (HttpRequest r, ServerSettings settings, ArtifactService s) => Served(r, settings, async () =>
            {
                var ct = r.HttpContext.RequestAborted;
                return await Respond(await s.ProxiedAsync(r.Query["path"].ToString(), AccessLevel.Read, ct),
                    async l => ArtifactResults.List(null, ArtifactResults.Files(await l.ListAsync("", ct), null)));
            })).Shape<ArtifactPathRequestJson, ListArtifactsResponse>().Rule(AuthRule.Authenticated);
            g.MapGet($"/artifacts/{{**{PathRoute}}}", (string? artifactPath, HttpRequest r, ServerSettings settings, ArtifactService s) => Served(r, settings, async () =>
            {
                var ct = r.HttpContext.RequestAborted;
                return await Respond(await s.ProxiedAsync(artifactPath, AccessLevel.Read, ct), l => ArtifactResults.SendAsync(l, "", ct));
            })).ProducesFile().Rule(AuthRule.Authenticated);
            g.MapPut($"/artifacts/{{**{PathRoute}}}", (string? artifactPath, HttpContext http, ServerSettings settings, ArtifactWrites w) => Served(http.Request, settings, async () =>
            {
                // Streamed to storage, so the JSON body limit does not apply.
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                    limit.MaxRequestBodySize = null;
                return Rpc.From(await w.UploadAsync(artifactPath, http.Request.Body, http.Request.ContentLength, http.RequestAborted));
            })).AcceptsFile().Shape<EmptyResponse>().Rule(AuthRule.Authenticated);
            g.MapDelete($"/artifacts/{{**{PathRoute}}}", (string? artifactPath, HttpRequest r, ServerSettings settings, ArtifactWrites w) => Served(r, settings, async () =>
                Rpc.From(await w.DeleteAsync(artifactPath, r.HttpContext.RequestAborted)))).Shape<EmptyResponse>().Rule(AuthRule.Authenticated);
            foreach (var action in new[] { "create", "complete", "abort" })
            {
                // Clients use multipart only when told to; they fall back to a plain PUT on this exact message.
                g.MapPost($"/mpu/{action}/{{**{PathRoute}}}", (string? artifactPath, HttpRequest r, ServerSettings settings, ArtifactService s) => Served(r, settings, async () =>
                    await Respond(await s.ProxiedAsync(artifactPath, AccessLevel.Update, r.HttpContext.RequestAborted), _ => Task.FromResult(MlflowResults.Error(
                        ErrorCode.NotImplemented, "Multipart upload is not supported for the current artifact repository")))))
                    .ProducesError(StatusCodes.Status501NotImplemented).Rule(AuthRule.Authenticated);
            }
        }
    }

    private static Task<IResult> Served(HttpRequest request, ServerSettings settings, Func<Task<IResult>> handler)
    {
        if (settings.ServeArtifacts)
            return handler();
        var rule = (request.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? request.Path.Value ?? "";
        return Task.FromResult(ArtifactResults.Disabled(rule));
    }

    private static Task<IResult> Respond(Result<ArtifactLocation> location, Func<ArtifactLocation, Task<IResult>> action) =>
        location.IsSuccess ? action(location.Value) : Task.FromResult(MlflowResults.Error(location.Error));
}
