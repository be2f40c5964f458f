using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Api.Requests;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Endpoints;

/// <summary>Download and listing answers shared by the proxied and the run-scoped artifact endpoints.</summary>
public static class ArtifactResults
{
    private static readonly FileExtensionContentTypeProvider Types = new();

    /// <summary>MLflow's <c>_guess_mime_type</c>: known text extensions (or extension-less MLmodel) are text/plain.</summary>
    public static string GuessMimeType(string fileName)
    {
        if (ArtifactMime.IsText(fileName))
            return ArtifactMime.Text;
        return Types.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";
    }

    /// <summary>Streams the file as an attachment, or 404 <c>No such artifact</c> (MLflow answers a 500 that clients retry).</summary>
    public static async Task<IResult> SendAsync(ArtifactLocation location, string relative, CancellationToken ct)
    {
        var full = location.PathOf(relative);
        var file = full.Length == 0 ? null : await location.Store.OpenReadAsync(full, ct);
        return file is null
            ? MlflowResults.Error(Error.NotFound($"No such artifact: '{(relative.Length > 0 ? relative : full)}'"))
            : new Download(file, ArtifactPath.BaseName(full));
    }

    /// <summary>
    /// A listing: <paramref name="relativeTo"/> null gives basenames (the proxied API), otherwise paths joined to
    /// it (the run API). Sizes of 0 are omitted as MLflow's <c>FileInfo.to_proto</c> does.
    /// </summary>
    public static List<FileInfoJson>? Files(IReadOnlyList<ArtifactEntry> entries, string? relativeTo) =>
        entries.Count == 0
            ? null
            : entries.Select(e => new FileInfoJson(relativeTo is null ? e.Name : ArtifactPath.Join(relativeTo, e.Name), e.IsDir,
                e.IsDir || e.FileSize is null or 0 ? null : e.FileSize)).ToList();

    public static IResult List(string? rootUri, List<FileInfoJson>? files) =>
        Rpc.Json(new ListArtifactsResponse(rootUri, files, null), ApiJsonContext.Wire.ListArtifactsResponse);

    /// <summary>
    /// MLflow's <c>--no-serve-artifacts</c> answer: 503 with the rule in the text. Sent as text/plain (MLflow's
    /// Flask default is text/html; nothing parses it, and plain text cannot be rendered as markup).
    /// </summary>
    public static IResult Disabled(string rule) => Results.Text(
        $"Endpoint: {rule} disabled due to the mlflow server running with `--no-serve-artifacts`. "
        + "To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`",
        "text/plain", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable);

    private sealed class Download(ArtifactFile file, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            await using (file)
            {
                var response = http.Response;
                response.ContentType = GuessMimeType(fileName);
                response.ContentLength = file.Length;
                response.Headers.ContentDisposition = Disposition(fileName);
                response.Headers.XContentTypeOptions = "nosniff";
                await file.Content.CopyToAsync(response.Body, 81920, http.RequestAborted);
            }
        }

        // MLflow's raw "attachment; filename=<name>"; names a header cannot carry verbatim use RFC 6266's filename*.
        private static string Disposition(string name)
        {
            if (name.All(c => c is > ' ' and < (char)127 and not ('"' or ';' or '\\' or ',')))
                return $"attachment; filename={name}";
            var header = new ContentDispositionHeaderValue("attachment");
            header.SetHttpFileName(name);
            return header.ToString();
        }
    }
}
