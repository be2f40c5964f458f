namespace Workspaces.Tests.Unit.Fuzz;

/// <summary>
/// The request fields each route reads (after its <c>/api/N.0</c> or <c>/ajax-api/N.0</c> prefix), taken from MLflow's
/// REST reference and our handlers, so generated requests carry real field names and get past the first check.
/// A route missing here still gets fuzzed, with the common fields.
/// </summary>
public static class FieldCatalog
{
    private static readonly string[] Search = ["filter", "max_results", "order_by", "page_token"];

    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["/mlflow/experiments/create"] = ["name", "artifact_location", "tags"],
        ["/mlflow/experiments/get"] = ["experiment_id"],
        ["/mlflow/experiments/get-by-name"] = ["experiment_name"],
        ["/mlflow/experiments/search"] = [.. Search, "view_type"],
        ["/mlflow/experiments/list"] = [.. Search, "view_type"],
        ["/mlflow/experiments/update"] = ["experiment_id", "new_name"],
        ["/mlflow/experiments/delete"] = ["experiment_id"],
        ["/mlflow/experiments/restore"] = ["experiment_id"],
        ["/mlflow/experiments/set-experiment-tag"] = ["experiment_id", "key", "value"],
        ["/mlflow/experiments/delete-experiment-tag"] = ["experiment_id", "key"],
        ["/mlflow/runs/create"] = ["experiment_id", "user_id", "run_name", "start_time", "tags"],
        ["/mlflow/runs/get"] = ["run_id", "run_uuid"],
        ["/mlflow/runs/update"] = ["run_id", "status", "end_time", "run_name"],
        ["/mlflow/runs/delete"] = ["run_id"],
        ["/mlflow/runs/restore"] = ["run_id"],
        ["/mlflow/runs/search"] = [.. Search, "experiment_ids", "run_view_type"],
        ["/mlflow/runs/log-metric"] = ["run_id", "key", "value", "timestamp", "step", "model_id", "dataset_name", "dataset_digest"],
        ["/mlflow/runs/log-parameter"] = ["run_id", "key", "value"],
        ["/mlflow/runs/set-tag"] = ["run_id", "key", "value"],
        ["/mlflow/runs/delete-tag"] = ["run_id", "key"],
        ["/mlflow/runs/log-batch"] = ["run_id", "metrics", "params", "tags"],
        ["/mlflow/runs/log-inputs"] = ["run_id", "datasets", "models"],
        ["/mlflow/runs/outputs"] = ["run_id", "models"],
        ["/mlflow/runs/log-model"] = ["run_id", "model_json"],
        ["/mlflow/metrics/get-history"] = ["run_id", "metric_key", "max_results", "page_token"],
        ["/mlflow/metrics/get-history-bulk-interval"] = ["run_ids", "metric_key", "start_step", "end_step", "max_results"],
        ["/mlflow/artifacts/list"] = ["run_id", "path", "page_token"],
        ["/mlflow/logged-models"] = ["experiment_id", "name", "model_type", "source_run_id", "params", "tags"],
        ["/mlflow/logged-models/search"] = [.. Search, "experiment_ids", "datasets"],
        ["/mlflow/logged-models/{modelId}"] = ["allow_deleted", "status"],
        ["/mlflow/logged-models/{modelId}/tags"] = ["tags"],
        ["/mlflow/logged-models/{modelId}/params"] = ["params"],
        ["/mlflow/logged-models/{modelId}/artifacts/directories"] = ["artifact_directory_path"],
        ["/mlflow/logged-models/{modelId}/artifacts/files"] = ["artifact_file_path"],
        ["/mlflow/registered-models/create"] = ["name", "tags", "description"],
        ["/mlflow/registered-models/get"] = ["name"],
        ["/mlflow/registered-models/rename"] = ["name", "new_name"],
        ["/mlflow/registered-models/update"] = ["name", "description"],
        ["/mlflow/registered-models/delete"] = ["name"],
        ["/mlflow/registered-models/search"] = Search,
        ["/mlflow/registered-models/get-latest-versions"] = ["name", "stages"],
        ["/mlflow/registered-models/set-tag"] = ["name", "key", "value"],
        ["/mlflow/registered-models/delete-tag"] = ["name", "key"],
        ["/mlflow/registered-models/alias"] = ["name", "alias", "version"],
        ["/mlflow/model-versions/create"] = ["name", "source", "run_id", "tags", "run_link", "description", "model_id"],
        ["/mlflow/model-versions/get"] = ["name", "version"],
        ["/mlflow/model-versions/update"] = ["name", "version", "description"],
        ["/mlflow/model-versions/delete"] = ["name", "version"],
        ["/mlflow/model-versions/search"] = Search,
        ["/mlflow/model-versions/transition-stage"] = ["name", "version", "stage", "archive_existing_versions"],
        ["/mlflow/model-versions/get-download-uri"] = ["name", "version"],
        ["/mlflow/model-versions/set-tag"] = ["name", "version", "key", "value"],
        ["/mlflow/model-versions/delete-tag"] = ["name", "version", "key"],
        ["/mlflow/users/create"] = ["username", "password"],
        ["/mlflow/users/get"] = ["username"],
        ["/mlflow/users/update-password"] = ["username", "password"],
        ["/mlflow/users/update-admin"] = ["username", "is_admin"],
        ["/mlflow/users/delete"] = ["username"],
        ["/mlflow/users/tokens/create"] = ["name", "expires_in_days"],
        ["/mlflow/users/tokens/revoke"] = ["token_id"],
        ["/mlflow/experiments/permissions/create"] = ["experiment_id", "username", "permission"],
        ["/mlflow/experiments/permissions/get"] = ["experiment_id", "username"],
        ["/mlflow/experiments/permissions/update"] = ["experiment_id", "username", "permission"],
        ["/mlflow/experiments/permissions/delete"] = ["experiment_id", "username"],
        ["/mlflow/registered-models/permissions/create"] = ["name", "username", "permission"],
        ["/mlflow/registered-models/permissions/get"] = ["name", "username"],
        ["/mlflow/registered-models/permissions/update"] = ["name", "username", "permission"],
        ["/mlflow/registered-models/permissions/delete"] = ["name", "username"],
        ["/mlflow/workspaces"] = ["name", "description", "default_artifact_root"],
        ["/mlflow/workspaces/{workspaceName}"] = ["description", "default_artifact_root", "mode"],
        ["/mlflow/workspaces/{workspaceName}/permissions"] = ["username", "permission"],
        ["/mlflow/workspace-permissions"] = ["username"],
        ["/mlflow/audit-events"] = ["workspace", "actor", "from", "to", "max_results", "page_token"],
        ["/mlflow-artifacts/artifacts"] = ["path"],
        ["/mlflow/upload-artifact"] = ["run_uuid", "path"],
        ["/get-artifact"] = ["run_id", "run_uuid", "path"],
        ["/model-versions/get-artifact"] = ["name", "version", "path"],
    };

    private static readonly string[] Fallback = ["name", "experiment_id", "run_id", "key", "value", "page_token"];

    /// <summary>The fields of a route template such as <c>/api/2.0/mlflow/runs/log-batch</c>.</summary>
    public static IReadOnlyList<string> For(string template)
    {
        var suffix = StripPrefix(template);
        if (Fields.TryGetValue(suffix, out var fields))
            return fields;
        // Catch-all artifact routes and the MPU actions carry their data in the path and the body.
        return suffix.StartsWith("/mlflow-artifacts/", StringComparison.Ordinal) ? ["path"] : Fallback;
    }

    public static string StripPrefix(string template)
    {
        foreach (var prefix in new[] { "/api/", "/ajax-api/" })
        {
            if (template.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = template[prefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                return slash < 0 ? "/" : rest[slash..];
            }
        }
        return template;
    }
}
