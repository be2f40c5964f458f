using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Workspaces.Api.Errors;
using Workspaces.Api.Routing;
using Workspaces.Data.Artifacts;

namespace Workspaces.Api.Middleware;

/// <summary>
/// Refuses an API request whose request target, as the client sent it, has a <c>..</c> segment in any encoding.
/// Kestrel removes dot segments before the app sees the path, so <c>…/artifacts/a/../../x</c> would otherwise reach
/// the artifact endpoints as a different, valid-looking path; MLflow answers such paths 400 "Invalid path".
/// </summary>
public sealed class RawPathGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is not null && HasDotDotSegment(raw) && (MlflowRoutes.IsApiPath(http.Request.Path.Value) || MlflowRoutes.IsApiPath(PathOf(raw))))
            return MlflowResults.WriteAsync(http, ArtifactPath.Invalid);
        return next(http);
    }

    /// <summary>True when a segment of the target's path decodes (repeatedly) to <c>..</c>; the query is not looked at.</summary>
    public static bool HasDotDotSegment(string rawTarget)
    {
        var path = PathOf(rawTarget);
        if (!path.Contains('.', StringComparison.Ordinal) && !path.Contains('%', StringComparison.Ordinal))
            return false;
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length >= 2 && ArtifactUri.DecodeUntilStable(segment, out _).Replace('\\', '/').Split('/').Any(part => part == ".."))
                return true;
        }
        return false;
    }

    private static string PathOf(string rawTarget)
    {
        var cut = rawTarget.IndexOfAny(['?', '#']);
        return cut < 0 ? rawTarget : rawTarget[..cut];
    }
}
