using Workspaces.Data.Errors;

namespace Workspaces.Data.Artifacts;

/// <summary>The checks MLflow applies to a storage URI such as a workspace's <c>default_artifact_root</c>.</summary>
public static class ArtifactRootValidator
{
    /// <summary>MLflow's MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH default.</summary>
    public const int MaxLength = 2048;

    public static Error? Validate(string value, string fieldName)
    {
        var (query, fragment, hasParams) = SplitUri(value);
        if (fragment || hasParams)
            return Error.InvalidParameter($"'{fieldName}' URL can't include fragments or params.");
        if (query is not null && ArtifactUri.DecodeUntilStable(query, out _).Contains("..", StringComparison.Ordinal))
            return Error.InvalidParameter("Invalid query string");
        if (value.StartsWith("runs:", StringComparison.Ordinal))
            return Error.InvalidParameter($"Artifact location cannot be a runs:/ URI. Given: '{value}'");
        if (value.Length > MaxLength)
        {
            return Error.InvalidParameter(
                $"Invalid artifact path length. The length of the artifact path cannot be greater than {MaxLength} characters. "
                + "To configure this limit, please set the MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH environment variable.");
        }
        return null;
    }

    /// <summary>
    /// Start-up rule with workspaces on: the root must not end in a <c>workspaces</c> segment nor sit under
    /// <c>workspaces/&lt;name&gt;</c>, or experiment locations of different workspaces could overlap.
    /// </summary>
    public static Error? ValidateWorkspaceModeRoot(string root, string label)
    {
        var segments = ArtifactUri.PathSegments(root);
        if (segments.Count >= 1 && segments[^1] == "workspaces")
        {
            return Error.InvalidState(
                $"Cannot enable workspace mode because the {label} {root} ends with the reserved 'workspaces' segment. "
                + "Choose a different artifact root before enabling workspaces.");
        }
        if (segments.Count >= 2 && segments[^2] == "workspaces")
        {
            return Error.InvalidState(
                $"Cannot enable workspace mode because the {label} {root} is already scoped under the reserved 'workspaces/<name>' prefix. "
                + "Configure a different artifact root before enabling workspaces.");
        }
        return null;
    }

    // Mirrors urllib.parse.urlparse: ';params' count only in the last path segment, the query follows
    // '?', the fragment follows '#'.
    private static (string? Query, bool Fragment, bool Params) SplitUri(string value)
    {
        var hash = value.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 && hash < value.Length - 1;
        var beforeFragment = hash >= 0 ? value[..hash] : value;
        var q = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        var query = q >= 0 ? beforeFragment[(q + 1)..] : null;
        var path = q >= 0 ? beforeFragment[..q] : beforeFragment;
        var lastSlash = path.LastIndexOf('/');
        var semicolon = path.IndexOf(';', lastSlash + 1);
        var hasParams = semicolon >= 0 && semicolon < path.Length - 1;
        return (query, fragment, hasParams);
    }
}
