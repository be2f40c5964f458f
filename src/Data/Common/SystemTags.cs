namespace Workspaces.Data.Common;

/// <summary>
/// Tags under MLflow's reserved <c>mlflow.</c> prefix: set by clients and the server themselves (run name, source,
/// log-model history...), so the UI neither lists them with the user's tags nor offers to remove them.
/// </summary>
public static class SystemTags
{
    public const string Prefix = "mlflow.";

    public static bool IsSystem(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);
}
