using Workspaces.Api.Endpoints;
using Workspaces.Api.Errors;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Data.Services;
using Workspaces.Data.Tenancy;
using Workspaces.Data.Tracking;
using Workspaces.Web.Components;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Web.Endpoints;

/// <summary>
/// File downloads for the UI's artifact browser (links and img tags). The API's download endpoints take the
/// workspace from the <c>X-MLFLOW-WORKSPACE</c> header, which a link cannot send; here it comes from the path,
/// the caller from the sign-in cookie, and the check is the API's: READ on the run or
/// logged model (explicit grants included) through <see cref="UiGuard"/>. Anything the caller may not see answers like a missing
/// entity. The file itself goes out through the API's <see cref="ArtifactResults.SendAsync"/>, so the content
/// type, attachment disposition and nosniff are the same as on <c>/get-artifact</c>.
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
            SendAsync(http, ws, path, RunLookup.NotFound(runId), guard => guard.RunAsync(runId, AccessLevel.Read),
                (s, ct) => RunLocationAsync(s, runId, ct)));
        group.MapGet("/logged-models/{modelId}/artifacts", (string ws, string modelId, string? path, HttpContext http) =>
            SendAsync(http, ws, path, LoggedModelService.NotFound(modelId), guard => guard.LoggedModelAsync(modelId, AccessLevel.Read),
                (s, ct) => s.ForLoggedModelAsync(modelId, ct)));
    }

    private static async Task<IResult> SendAsync(HttpContext http, string ws, string? path, Error hidden,
        Func<UiGuard, Task<bool>> mayRead, Func<ArtifactService, CancellationToken, Task<Result<ArtifactLocation>>> locate)
    {
        var services = http.RequestServices;
        var ct = http.RequestAborted;
        await services.GetRequiredService<AccessBinding>().BindAsync(http.User);
        // The API's rule, not the page's: the workspace must exist, then the run's own decision counts, so an
        // explicit grant on the experiment is enough; anyone else gets the same 404 as for a missing run.
        var workspace = await services.GetRequiredService<WorkspaceResolver>().ResolveAsync(ws, ct);
        if (!workspace.IsSuccess)
            return MlflowResults.Error(hidden);
        services.GetRequiredService<WorkspaceContext>().Bind(workspace.Value);
        if (!await mayRead(services.GetRequiredService<UiGuard>()))
            return MlflowResults.Error(hidden);
        var relative = ArtifactPath.Check(path);
        if (!relative.IsSuccess)
            return MlflowResults.Error(relative.Error!);
        var location = await locate(services.GetRequiredService<ArtifactService>(), ct);
        return location.IsSuccess ? await ArtifactResults.SendAsync(location.Value, relative.Value, ct) : MlflowResults.Error(location.Error!);
    }

    private static async Task<Result<ArtifactLocation>> RunLocationAsync(ArtifactService artifacts, string runId, CancellationToken ct)
    {
        var run = await artifacts.ForRunAsync(runId, ct);
        return run.IsSuccess ? run.Value.Location : run.Error!;
    }

    /// <summary>Segments are escaped but the slashes kept, so the address stays readable.</summary>
    private static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
