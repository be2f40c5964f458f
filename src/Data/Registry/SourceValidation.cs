using Workspaces.Data.Artifacts;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Registry;

/// <summary>
/// Model version <c>source</c> checks (handlers.py _validate_source_run / _validate_source_model): no
/// traversal in any encoding, no NUL, and a local path only inside the artifact directory of the run
/// (or logged model) the request names; prompts take no local paths at all.
/// </summary>
public static class SourceValidation
{
    public static Error? Validate(string source, string? runArtifactRoot, bool isPrompt, bool viaModelId)
    {
        var decoded = ArtifactUri.DecodeUntilStable(source, out _);
        if (decoded.Contains('\0', StringComparison.Ordinal) || HasTraversal(decoded))
        {
            return Error.InvalidParameter($"Invalid model version source: '{source}'. If supplying a source as an http, https, local file path, ftp, "
                + "objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.");
        }
        if (isPrompt)
        {
            // Clients register prompts with a placeholder source ("dummy-source"); only real local paths are refused.
            return source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || Path.IsPathRooted(source)
                ? Error.InvalidParameter($"Invalid prompt source: '{source}'. Local source paths are not allowed for prompts.")
                : null;
        }
        if (!IsLocal(source))
            return null;
        var local = LocalPath(source);
        var root = runArtifactRoot is not null && IsLocal(runArtifactRoot) ? LocalPath(runArtifactRoot).TrimEnd('/') : null;
        if (root is not null && (local == root || local.StartsWith(root + "/", StringComparison.Ordinal)))
            return null;
        var parameter = viaModelId ? "model_id" : "run_id";
        return Error.InvalidParameter($"Invalid model version source: '{source}'. To use a local path as a model version source, the {parameter} request "
            + $"parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the {parameter}.");
    }

    /// <summary>Local: a bare path or a <c>file:</c> URI (a Windows drive letter counts as a path).</summary>
    public static bool IsLocal(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 1)
            return true;
        return uri[..colon].Equals("file", StringComparison.OrdinalIgnoreCase);
    }

    private static string LocalPath(string uri) =>
        uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(uri[7..])
        : uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(uri[5..])
        : uri;

    private static bool HasTraversal(string value)
    {
        var path = value.Replace('\\', '/');
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
            path = path[(scheme + 3)..];
        return path.Split('/').Any(segment => segment == "..");
    }
}
