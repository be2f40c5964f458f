using System.Collections;
using Workspaces.Data.Errors;

namespace Workspaces.Web.Hosting;

/// <summary>The environment variables <c>mlflow server</c> reads, mapped onto configuration keys.</summary>
public static class MlflowEnvironment
{
    private static readonly (string Variable, string Key, bool IsBool)[] Map =
    [
        ("MLFLOW_BACKEND_STORE_URI", "Server:BackendStoreUri", false),
        ("MLFLOW_DEFAULT_ARTIFACT_ROOT", "Server:DefaultArtifactRoot", false),
        ("MLFLOW_SERVE_ARTIFACTS", "Server:ServeArtifacts", true),
        ("MLFLOW_ARTIFACTS_DESTINATION", "Server:ArtifactsDestination", false),
        ("MLFLOW_ENABLE_WORKSPACES", "Server:EnableWorkspaces", true),
        ("MLFLOW_WORKSPACE_STORE_URI", "Server:WorkspaceStoreUri", false),
        ("MLFLOW_HOST", "Server:Host", false),
        ("MLFLOW_PORT", "Server:Port", false),
        ("MLFLOW_AUTH_ENABLED", "Auth:Enabled", true),
        ("MLFLOW_CRYPTO_KEK_PASSPHRASE", "Gateway:KekPassphrase", false),
        ("MLFLOW_CRYPTO_KEK_VERSION", "Gateway:KekVersion", false),
        ("MLFLOW_GATEWAY_ROUTE_TIMEOUT_SECONDS", "Gateway:RouteTimeoutSeconds", false),
    ];

    public static Result<Dictionary<string, string?>> Read(IDictionary environment)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key, isBool) in Map)
        {
            if (environment[variable] is not string value)
                continue;
            if (!isBool)
            {
                settings[key] = value;
                continue;
            }
            // The spellings click's BOOL accepts, which is what `mlflow server` uses.
            switch (value.Trim().ToLowerInvariant())
            {
                case "1" or "true" or "t" or "yes" or "y" or "on":
                    settings[key] = "true";
                    break;
                case "0" or "false" or "f" or "no" or "n" or "off" or "":
                    settings[key] = "false";
                    break;
                default:
                    return Error.InvalidParameter($"{variable} must be true or false, got '{value}'.");
            }
        }
        return settings;
    }
}
