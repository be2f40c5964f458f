using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Errors;
using Workspaces.Api.Requests;
using Workspaces.Api.Routing;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// Artifact helpers addressed by entity rather than path: a run's listing and files, a model version's and a
/// logged model's files, and the UI's small upload. The entity is looked up in the request's workspace, so
/// another workspace's run or model is a 404 before any storage is touched.
/// </summary>
public static class RunArtifactEndpoints
{
    /// <summary>MLflow's limit for the UI upload, which is read whole.</summary>
    public const int MaxUiUploadBytes = 10 * 1024 * 1024;

    public static void MapRunArtifactEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in app.MlflowGroups(2))
        {
            prefix.MapGet("/mlflow/artifacts/list", (HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var run = await s.ForRunAsync(f.RunId(), ct);
                var path = ArtifactPath.Check(f.OptString("path").Must()).Must();
                if (!run.IsSuccess)
                    return MlflowResults.Error(run.Error!);
                var entries = await run.Value.Location.ListAsync(path, ct);
                return ArtifactResults.List(run.Value.Location.RootUri, ArtifactResults.Files(entries, path));
            })).WithTags("Artifacts").Rule(AuthRule.Run(AccessLevel.Read));

            var models = prefix.MapGroup("/mlflow/logged-models/{modelId}/artifacts").WithTags("Artifacts");
            models.MapGet("/directories", (string modelId, HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var path = ArtifactPath.Check(f.OptString("artifact_directory_path").Must()).Must();
                var model = await s.ForLoggedModelAsync(modelId, ct);
                if (!model.IsSuccess)
                    return MlflowResults.Error(model.Error!);
                return ArtifactResults.List(model.Value.RootUri, ArtifactResults.Files(await model.Value.ListAsync(path, ct), path));
            })).Rule(AuthRule.LoggedModel(AccessLevel.Read));
            models.MapGet("/files", (string modelId, HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
            {
                var raw = f.OptString("artifact_file_path").Must();
                if (string.IsNullOrEmpty(raw))
                    return MlflowResults.Error(Error.BadRequest("Request must include the \"artifact_file_path\" query parameter."));
                var path = ArtifactPath.Check(raw).Must();
                var model = await s.ForLoggedModelAsync(modelId, ct);
                return model.IsSuccess ? await ArtifactResults.SendAsync(model.Value, path, ct) : MlflowResults.Error(model.Error!);
            })).Rule(AuthRule.LoggedModel(AccessLevel.Read));
        }

        app.MapGet("/get-artifact", (HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
        {
            var runId = f.RunId();
            var path = RequiredPath(f);
            var run = await s.ForRunAsync(runId, ct);
            return run.IsSuccess ? await ArtifactResults.SendAsync(run.Value.Location, path, ct) : MlflowResults.Error(run.Error!);
        })).WithTags("Artifacts").Rule(AuthRule.Run(AccessLevel.Read));

        app.MapGet("/model-versions/get-artifact", (HttpRequest r, ArtifactService s) => Rpc.HandleAsync(r, async (f, ct) =>
        {
            var name = f.RequiredString("name").Must();
            var version = f.RequiredString("version").Must();
            var path = RequiredPath(f);
            var location = await s.ForModelVersionAsync(name, version, ct);
            return location.IsSuccess ? await ArtifactResults.SendAsync(location.Value, path, ct) : MlflowResults.Error(location.Error!);
        })).WithTags("Artifacts").Rule(AuthRule.Model(AccessLevel.Read));

        app.MapPost("/ajax-api/2.0/mlflow/upload-artifact", UploadAsync).WithTags("Artifacts").Rule(AuthRule.RunFromQuery(AccessLevel.Update));
    }

    private static string RequiredPath(FieldReader f)
    {
        var raw = f.OptString("path").Must();
        return string.IsNullOrEmpty(raw) ? throw new RequestFieldException(Error.MissingParameter("path")) : ArtifactPath.Check(raw).Must();
    }

    /// <summary>
    /// The UI's upload: checks in MLflow's order, then writes under the run's own artifact URI (MLflow rebuilds
    /// the path from the ids, which misses runs whose location is elsewhere).
    /// </summary>
    private static async Task<IResult> UploadAsync(HttpRequest request, ArtifactService s)
    {
        var ct = request.HttpContext.RequestAborted;
        var runId = request.Query["run_uuid"].ToString();
        if (runId.Length == 0)
            return MlflowResults.Error(Error.InvalidParameter("Request must specify run_uuid."));
        var raw = request.Query["path"].ToString();
        if (raw.Length == 0)
            return MlflowResults.Error(Error.InvalidParameter("Request must specify path."));
        var path = ArtifactPath.Check(raw);
        if (!path.IsSuccess || path.Value.Length == 0)
            return MlflowResults.Error(ArtifactPath.Invalid);
        if (request.ContentLength > MaxUiUploadBytes)
            return MlflowResults.Error(Error.InvalidParameter("Artifact size is too large. Max size is 10MB."));

        // Small by contract, so read whole: that answers "too large" and "no data" for chunked bodies too.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxUiUploadBytes)
                return MlflowResults.Error(Error.InvalidParameter("Artifact size is too large. Max size is 10MB."));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return MlflowResults.Error(Error.InvalidParameter("Request must specify data."));

        var run = await s.ForRunAsync(runId, ct);
        if (!run.IsSuccess)
            return MlflowResults.Error(run.Error!);
        buffer.Position = 0;
        await run.Value.Location.WriteAsync(path.Value, buffer, buffer.Length, ct);
        return Rpc.Empty();
    }
}
