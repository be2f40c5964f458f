using Workspaces.Data.Common;
using Workspaces.Data.Errors;
using Workspaces.Data.Tenancy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workspaces.Data.Workspaces;

/// <summary>A parsed workspaces file: its workspaces and its default (null: none).</summary>
public sealed record WorkspaceFileContent(IReadOnlyList<WorkspaceInfo> Workspaces, string? DefaultWorkspace);

/// <summary>
/// The GitOps workspaces file (YAML, or JSON with the same shape, which YAML reads too):
/// <code>
/// default: team-a          # a listed name, or null for no default; absent = "default"
/// workspaces:
///   - name: team-a
///     description: Team A
///     default_artifact_root: s3://team-a-artifacts   # optional
/// </code>
/// Every problem is reported with its line, all at once, so one edit fixes them.
/// </summary>
public static class WorkspaceFile
{
    private static readonly HashSet<string> EntryKeys = ["name", "description", "default_artifact_root"];

    /// <summary>Parses and checks the file; <paramref name="serverHasRoot"/> false makes a root required per workspace (SPEC §5).</summary>
    public static Result<WorkspaceFileContent> Parse(string text, bool serverHasRoot = true)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return Error.InvalidParameter($"line {ex.Start.Line}: {ex.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return Error.InvalidParameter("line 1: the file must be one mapping with a 'workspaces' list");
        var problems = new List<string>();
        var workspaces = new List<WorkspaceInfo>();
        foreach (var (keyNode, _) in root.Children)
        {
            if (keyNode is YamlScalarNode { Value: not ("default" or "workspaces") } unknown)
                problems.Add($"line {unknown.Start.Line}: unknown key '{unknown.Value}' (expected 'default' and 'workspaces')");
        }
        if (!root.Children.TryGetValue(new YamlScalarNode("workspaces"), out var listNode) || listNode is not YamlSequenceNode list)
            return Error.InvalidParameter($"line {root.Start.Line}: 'workspaces' must be a list of entries with a 'name'");
        var seen = new Dictionary<string, Mark>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            if (Entry(item, problems) is not { } entry)
                continue;
            if (!serverHasRoot && entry.DefaultArtifactRoot is null)
                problems.Add($"line {item.Start.Line}: workspace '{entry.Name}' needs a default_artifact_root: the server has no --default-artifact-root");
            if (seen.TryGetValue(entry.Name, out var first))
                problems.Add($"line {item.Start.Line}: workspace '{entry.Name}' is listed twice (first on line {first.Line})");
            else
            {
                seen[entry.Name] = item.Start;
                workspaces.Add(entry);
            }
        }
        var defaultWorkspace = DefaultOf(root, seen, problems);
        if (problems.Count > 0)
            return Error.InvalidParameter(string.Join("\n", problems));
        // Without a 'default' key the reserved workspace stays, as the SQL catalog's does: legacy resources live there.
        if (!root.Children.ContainsKey(new YamlScalarNode("default")) && !seen.ContainsKey(WorkspaceNames.Default))
            workspaces.Add(new WorkspaceInfo(WorkspaceNames.Default, WorkspaceNames.DefaultDescription, null));
        return new WorkspaceFileContent(workspaces.OrderBy(w => w.Name, StringComparer.Ordinal).ToList(), defaultWorkspace);
    }

    private static WorkspaceInfo? Entry(YamlNode item, List<string> problems)
    {
        if (item is not YamlMappingNode entry)
        {
            problems.Add($"line {item.Start.Line}: each workspace must be a mapping with a 'name'");
            return null;
        }
        string? Scalar(string key) => entry.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;
        foreach (var (keyNode, _) in entry.Children)
        {
            if (keyNode is YamlScalarNode k && !EntryKeys.Contains(k.Value ?? ""))
                problems.Add($"line {k.Start.Line}: unknown key '{k.Value}' (expected name, description, default_artifact_root)");
        }
        var name = Scalar("name");
        if (string.IsNullOrEmpty(name))
        {
            problems.Add($"line {item.Start.Line}: a workspace needs a 'name'");
            return null;
        }
        if (name != WorkspaceNames.Default && WorkspaceNameValidator.Validate(name) is { } invalid)
        {
            problems.Add($"line {item.Start.Line}: {invalid.Message}");
            return null;
        }
        var description = Scalar("description");
        var root = Scalar("default_artifact_root")?.Trim();
        if ((StoredText.Check(description, "description", StoredText.WorkspaceDescription)
                ?? (string.IsNullOrEmpty(root) ? null : StoredText.Check(root, "default_artifact_root", StoredText.WorkspaceArtifactRoot)
                    ?? Artifacts.ArtifactRootValidator.Validate(root, "default_artifact_root"))) is { } bad)
        {
            problems.Add($"line {item.Start.Line}: workspace '{name}': {bad.Message}");
            return null;
        }
        return new WorkspaceInfo(name, description, string.IsNullOrEmpty(root) ? null : root);
    }

    /// <summary>Absent: <c>default</c>; <c>null</c> or <c>~</c>: none; else a listed name.</summary>
    private static string? DefaultOf(YamlMappingNode root, Dictionary<string, Mark> listed, List<string> problems)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("default"), out var node))
            return WorkspaceNames.Default;
        if (node is not YamlScalarNode scalar)
        {
            problems.Add($"line {node.Start.Line}: 'default' must be a workspace name or null");
            return null;
        }
        if (scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "null" or "~")
            return null;
        if (!listed.ContainsKey(scalar.Value!))
            problems.Add($"line {scalar.Start.Line}: default workspace '{scalar.Value}' is not listed under 'workspaces'");
        return scalar.Value;
    }
}
