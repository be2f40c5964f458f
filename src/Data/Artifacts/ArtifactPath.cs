using System.Text.RegularExpressions;
using Workspaces.Data.Common;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Artifacts;

/// <summary>
/// The two gates every artifact path passes before it reaches storage: MLflow's <c>validate_path_is_safe</c>
/// (stricter: backslashes, control characters and drive letters are refused on every OS) and the mapping of
/// a path onto the request's workspace (<c>_get_workspace_scoped_repo_path_if_enabled</c>).
/// </summary>
public static partial class ArtifactPath
{
    public const string WorkspacesSegment = "workspaces";

    public static readonly Error Invalid = Error.InvalidParameter("Invalid path");

    /// <summary>
    /// MLflow's reserved prefix for uploads in flight: the local store names its temporary files so, hides them
    /// from listings, and uploads may not use it, so a client can never write or see a half-written file.
    /// </summary>
    public const string UploadingPrefix = ".artifact.uploading.";

    /// <summary>
    /// The decoded, normalised path ("" for the root), or 400 <c>Invalid path</c>. Percent-encoding is undone
    /// until stable, so <c>%2e%2e</c> and <c>%252e%252e</c> are seen as <c>..</c>.
    /// </summary>
    public static Result<string> Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return "";
        var decoded = ArtifactUri.DecodeUntilStable(path, out var stable);
        if (!stable)
            return Invalid; // MLflow answers 500 "Failed to decode url"; a client can send it, so it is a 400 here
        if (decoded.Any(c => c is '#' or '\\' || char.IsControl(c)))
            return Invalid;
        if (decoded.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            decoded = decoded[5..]; // MLflow turns file URIs into paths: "file:a/b" is "a/b", "file:///etc" is absolute
        if (decoded.StartsWith('/') || (decoded.Length >= 2 && char.IsAsciiLetter(decoded[0]) && decoded[1] == ':'))
            return Invalid;
        var segments = decoded.Split('/');
        if (segments.Contains(".."))
            return Invalid;
        // "a//b", "./a" and "a/" name the same object as "a/b" and "a"; object stores would not agree otherwise.
        return string.Join('/', segments.Where(s => s.Length > 0 && s != "."));
    }

    /// <summary>
    /// Maps a checked path onto the request's workspace: <c>5/abc</c> → <c>workspaces/team-a/5/abc</c>; a path
    /// already under <c>workspaces/team-a</c> is kept; another workspace's prefix is refused. In <c>default</c>,
    /// unprefixed paths stay where MLflow put them before workspaces (experiment 0 lives at <c>&lt;root&gt;/0</c>).
    /// </summary>
    public static Result<string> Scope(string path, string workspace, bool workspacesEnabled)
    {
        if (!workspacesEnabled)
            return path;
        var segments = path.Split('/', 3);
        if (segments[0] == WorkspacesSegment)
        {
            if (segments.Length == 1 || segments[1].Length == 0)
                return Error.InvalidParameter("Artifact paths prefixed with 'workspaces/' must include a workspace name.");
            if (segments[1] != workspace)
            {
                return Error.InvalidParameter(
                    $"Artifact path targets workspace '{segments[1]}' but the workspace specified in the request is '{workspace}'.");
            }
            return path;
        }
        if (workspace == WorkspaceNames.Default)
            return path;
        return path.Length == 0 ? $"{WorkspacesSegment}/{workspace}" : $"{WorkspacesSegment}/{workspace}/{path}";
    }

    /// <summary>Check then scope, the order MLflow's handlers use.</summary>
    public static Result<string> CheckAndScope(string? path, string workspace, bool workspacesEnabled)
    {
        var checkedPath = Check(path);
        return checkedPath.IsSuccess ? Scope(checkedPath.Value, workspace, workspacesEnabled) : checkedPath;
    }

    /// <summary>
    /// The experiment a scoped destination path belongs to (<c>workspaces/ws/12/…</c> or legacy <c>12/…</c>),
    /// which decides the permission a caller needs; null when the path names no experiment.
    /// </summary>
    public static long? ExperimentIdOf(string scopedPath)
    {
        var match = ExperimentPattern().Match(scopedPath);
        return match.Success && long.TryParse(match.Groups[1].ValueSpan, out var id) ? id : null;
    }

    /// <summary>
    /// True for the destination root and a workspace's own root: neither is one artifact, and one request must not
    /// write over or delete every workspace's (or a whole workspace's) files.
    /// </summary>
    public static bool IsRoot(string scopedPath) =>
        scopedPath.Length == 0 || (scopedPath.StartsWith(WorkspacesSegment + "/", StringComparison.Ordinal) && scopedPath.Split('/').Length <= 2);

    public static string BaseName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>Joins a root-relative prefix and a relative path.</summary>
    public static string Join(string prefix, string path) =>
        prefix.Length == 0 ? path : path.Length == 0 ? prefix : $"{prefix}/{path}";

    [GeneratedRegex(@"^(?:workspaces/[^/]+/)?(\d{1,18})(?:/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ExperimentPattern();
}
