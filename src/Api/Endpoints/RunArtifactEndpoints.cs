using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// Artifact helpers addressed by entity rather than path: a run's listing and files, a model version's and a
/// logged model's files, and the UI's small upload. The entity is looked up in the request's workspace, so
/// another workspace's run or model is a 404 before any storage is touched; the service decides the caller's access.
/// </summary>
public static class RunArtifactEndpoints
{
    public static void MapRunArtifactEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            prefix.MapGet("/mlflow/artifacts/list", (HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var run = await s.ForRunAsync(f.RunId(), AccessLevel.Read, ct);
                var path = ArtifactPath.Check(f.OptString("path").Must()).Must();
                if (!run.IsSuccess)
                    return MlflowResults.Error(run.Error);
                var entries = await run.Value.ListAsync(path, ct);
                return ArtifactResults.List(run.Value.RootUri, ArtifactResults.Files(entries, path));
            })).WithTags("Artifacts").Shape<ListRunArtifactsRequestJson, ListArtifactsResponse>().Rule(AuthRule.Authenticated);

            var models = prefix.MapGroup("/mlflow/logged-models/{modelId}/artifacts").WithTags("Artifacts");
            models.MapGet("/directories", (string modelId, HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var path = ArtifactPath.Check(f.OptString("artifact_directory_path").Must()).Must();
                var model = await s.ForLoggedModelAsync(modelId, AccessLevel.Read, ct);
                if (!model.IsSuccess)
                    return MlflowResults.Error(model.Error);
                return ArtifactResults.List(model.Value.RootUri, ArtifactResults.Files(await model.Value.ListAsync(path, ct), path));
            })).Shape<LoggedModelDirectoryRequestJson, ListArtifactsResponse>().Rule(AuthRule.Authenticated);
            models.MapGet("/files", (string modelId, HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var raw = f.OptString("artifact_file_path").Must();
                if (string.IsNullOrEmpty(raw))
                    return MlflowResults.Error(Error.BadRequest("Request must include the \"artifact_file_path\" query parameter."));
                var path = ArtifactPath.Check(raw).Must();
                var model = await s.ForLoggedModelAsync(modelId, AccessLevel.Read, ct);
                return model.IsSuccess ? await ArtifactResults.SendAsync(model.Value, path, ct) : MlflowResults.Error(model.Error);
            })).Query<LoggedModelFileRequestJson>().ProducesFile().Rule(AuthRule.Authenticated);
        }

        app.MapGet("/get-artifact", (HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
        {
            var runId = f.RunId();
            var path = RequiredPath(f);
            var run = await s.ForRunAsync(runId, AccessLevel.Read, ct);
            return run.IsSuccess ? await ArtifactResults.SendAsync(run.Value, path, ct) : MlflowResults.Error(run.Error);
        })).WithTags("Artifacts").Query<RunArtifactFileRequestJson>().ProducesFile().Rule(AuthRule.Authenticated);

        app.MapGet("/model-versions/get-artifact", (HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
        {
            var name = f.RequiredString("name").Must();
            var version = f.RequiredString("version").Must();
            var path = RequiredPath(f);
            var location = await s.ForModelVersionAsync(name, version, AccessLevel.Read, ct);
            return location.IsSuccess ? await ArtifactResults.SendAsync(location.Value, path, ct) : MlflowResults.Error(location.Error);
        })).WithTags("Artifacts").Query<ModelVersionArtifactFileRequestJson>().ProducesFile().Rule(AuthRule.Authenticated);

        app.MapPost("/ajax-api/2.0/mlflow/upload-artifact", async (HttpRequest r, ArtifactWrites w) => Rpc.From(await w.UploadToRunAsync(
                r.Query["run_uuid"].ToString(), r.Query["path"].ToString(), r.Body, r.ContentLength, r.HttpContext.RequestAborted)))
            .WithTags("Artifacts").Rule(AuthRule.Authenticated);
    }

    private static string RequiredPath(FieldReader f)
    {
        var raw = f.OptString("path").Must();
        return string.IsNullOrEmpty(raw) ? throw new RequestFieldException(Error.MissingParameter("path")) : ArtifactPath.Check(raw).Must();
    }
}
