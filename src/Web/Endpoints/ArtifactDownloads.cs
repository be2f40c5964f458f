using Workspaces.Api.Endpoints;
using Workspaces.Api.Errors;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Workspaces;
using Workspaces.Web.Components;

namespace Workspaces.Web.Endpoints;

/// <summary>
/// File downloads for the UI's artifact browser (links and img tags). The API's download endpoints take the
/// workspace from the <c>X-MLFLOW-WORKSPACE</c> header, which a link cannot send; here it comes from the path,
/// the caller from the sign-in cookie, and the decision is the one the API's endpoints ask too: READ through
/// <see cref="ArtifactService"/>, answering its hidden 404 or 403 as they do. The file itself goes out through the
/// API's <see cref="ArtifactResults.SendAsync"/>, so the content type, attachment disposition and nosniff are the
/// same as on <c>/get-artifact</c>.
/// </summary>
public static class ArtifactDownloads
{
    public const string Prefix = "/ui/workspaces";

    public static string RunUrl(string workspace, string runId, string path) =>
        $"{Prefix}/{Uri.EscapeDataString(workspace)}/runs/{Uri.EscapeDataString(runId)}/artifacts?path={EscapePath(path)}";

    public static string LoggedModelUrl(string workspace, string modelId, string path) =>
        $"{Prefix}/{Uri.EscapeDataString(workspace)}/logged-models/{Uri.EscapeDataString(modelId)}/artifacts?path={EscapePath(path)}";

    /// <summary>Maps the two downloads; with auth on an anonymous caller is sent to the sign-in page, as the pages are.</summary>
    public static void MapArtifactDownloads(this IEndpointRouteBuilder app, bool requireSignIn)
    {
        var group = app.MapGroup(Prefix + "/{ws}").ExcludeFromDescription();
        if (requireSignIn)
            group.RequireAuthorization();
        group.MapGet("/runs/{runId}/artifacts", (string ws, string runId, string? path, HttpContext http) =>
            SendAsync(http, ws, path, NotFoundErrors.Run(runId), (s, ct) => s.ForRunAsync(runId, AccessLevel.Read, ct)));
        group.MapGet("/logged-models/{modelId}/artifacts", (string ws, string modelId, string? path, HttpContext http) =>
            SendAsync(http, ws, path, NotFoundErrors.LoggedModel(modelId), (s, ct) => s.ForLoggedModelAsync(modelId, AccessLevel.Read, ct)));
    }

    private static async Task<IResult> SendAsync(HttpContext http, string ws, string? path, Error missing,
        Func<ArtifactService, CancellationToken, Task<Result<ArtifactLocation>>> locate)
    {
        var services = http.RequestServices;
        var ct = http.RequestAborted;
        await services.GetRequiredService<AccessBinding>().BindAsync(http.User);
        // A workspace that does not exist hides the entity as the API's header would; the entity's own decision follows.
        var workspace = await services.GetRequiredService<WorkspaceResolver>().ResolveAsync(ws, ct);
        if (!workspace.IsSuccess || workspace.Value is not { } name)
            return MlflowResults.Error(missing);
        services.GetRequiredService<WorkspaceContext>().Bind(name);
        var location = await locate(services.GetRequiredService<ArtifactService>(), ct);
        if (!location.IsSuccess)
            return MlflowResults.Error(location.Error);
        var relative = ArtifactPath.Check(path);
        return relative.IsSuccess ? await ArtifactResults.SendAsync(location.Value, relative.Value, ct) : MlflowResults.Error(relative.Error);
    }

    /// <summary>Segments are escaped but the slashes kept, so the address stays readable.</summary>
    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
