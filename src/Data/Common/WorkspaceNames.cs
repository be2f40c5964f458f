namespace Workspaces.Data.Common;

public static class WorkspaceNames
{
    /// <summary>The workspace that exists on every server and holds legacy resources and experiment 0.</summary>
    public const string Default = "default";

    public const string DefaultDescription = "Default workspace for legacy resources";

    /// <summary>The HTTP header the MLflow client sends the active workspace in.</summary>
    public const string Header = "X-MLFLOW-WORKSPACE";

    /// <summary>Name of the EF query filter every workspace-scoped entity carries.</summary>
    public const string QueryFilter = "Workspace";
}
