using Microsoft.AspNetCore.Http;

namespace Workspaces.Api.Auth;

/// <summary>MLflow's plain-text 401 and 403 answers (mlflow/server/auth/__init__.py).</summary>
public static class AuthResponses
{
    public const string Unauthenticated =
        "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.";

    public const string Forbidden = "Permission denied";

    public static Task WriteUnauthenticatedAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"mlflow\"";
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(Unauthenticated, http.RequestAborted);
    }

    public static Task WriteForbiddenAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(Forbidden, http.RequestAborted);
    }
}
