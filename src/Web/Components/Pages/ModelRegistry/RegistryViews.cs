using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Data.Common;
using Workspaces.Data.Registry;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Web.Components.Pages.ModelRegistry;

/// <summary>Addresses, filters and formatting shared by the registry and prompt pages.</summary>
public static class RegistryViews
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ModelUrl(string ws, string name) => $"{Sections.Url(ws, "models")}/{Uri.EscapeDataString(name)}";

    public static string VersionUrl(string ws, string name, int version) => $"{ModelUrl(ws, name)}/versions/{version}";

    public static string PromptUrl(string ws, string name) => $"{Sections.Url(ws, "prompts")}/{Uri.EscapeDataString(name)}";

    public static string RunUrl(string ws, string runId) => $"{Sections.Url(ws, "runs")}/{Uri.EscapeDataString(runId)}";

    public static bool IsPrompt(RegisteredModelDto model) => RegistryRules.IsPrompt(model.Tags);

    /// <summary>The newest live version among the per-stage latest versions the registry returns.</summary>
    public static ModelVersionDto? Newest(RegisteredModelDto model) => model.LatestVersions.MaxBy(v => v.Version);

    public static string? Tag(IReadOnlyList<KeyValue> tags, string key) => tags.FirstOrDefault(t => t.Key == key)?.Value;

    /// <summary>
    /// A version's template. Chat prompts store their messages as one line of JSON, which is indented here so
    /// that they read, and diff, message by message.
    /// </summary>
    public static string Template(ModelVersionDto version)
    {
        var text = Tag(version.Tags, RegistryRules.PromptTextTag) ?? "";
        if (!text.TrimStart().StartsWith('['))
            return text;
        try
        {
            return JsonNode.Parse(text)?.ToJsonString(Indented) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
