using Microsoft.AspNetCore.Http;

namespace Workspaces.Api.Auth;

/// <summary>MLflow's plain-text 401 and 403 answers (mlflow/server/auth/__init__.py).</summary>
public static class AuthResponses
{
    public const string Unauthenticated =
        "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.";

    /// <summary>The services' 403 message: one text whichever layer refuses.</summary>
    public const string Forbidden = Workspaces.Data.Auth.Authorizer.ForbiddenMessage;

    public static Task WriteUnauthenticatedAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"mlflow\"";
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(Unauthenticated, http.RequestAborted);
    }

    public static Task WriteForbiddenAsync(HttpContext http) => Errors.MlflowResults.WriteAsync(http, Workspaces.Data.Auth.Authorizer.Forbidden);
}
