using System.Globalization;
using Workspaces.Data.Registry;

namespace Workspaces.Api.Json;

// Wire shapes of the model registry (model_registry.proto): versions are strings, unset fields omitted.

public sealed record ModelVersionJson(string Name, string Version, long CreationTimestamp, long LastUpdatedTimestamp, string? UserId, string CurrentStage,
    string? Description, string? Source, string? RunId, string Status, string? StatusMessage, List<KeyValueJson>? Tags, string? RunLink,
    List<string>? Aliases, string? ModelId)
{
    public static ModelVersionJson From(ModelVersionDto v) => new(
        v.Name, v.Version.ToString(CultureInfo.InvariantCulture), v.CreationTimestamp, v.LastUpdatedTimestamp, v.UserId, v.CurrentStage,
        string.IsNullOrEmpty(v.Description) ? null : v.Description, v.Source, v.RunId, v.Status, string.IsNullOrEmpty(v.StatusMessage) ? null : v.StatusMessage,
        KeyValueJson.From(v.Tags), v.RunLink, v.Aliases.Count == 0 ? null : [.. v.Aliases], v.ModelId);

    public static List<ModelVersionJson>? From(IReadOnlyList<ModelVersionDto> items) => items.Count == 0 ? null : items.Select(From).ToList();
}

public sealed record ModelAliasJson(string Alias, string Version);

public sealed record RegisteredModelJson(string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? Description,
    List<ModelVersionJson>? LatestVersions, List<KeyValueJson>? Tags, List<ModelAliasJson>? Aliases)
{
    public static RegisteredModelJson From(RegisteredModelDto m) => new(
        m.Name, m.CreationTimestamp, m.LastUpdatedTimestamp, string.IsNullOrEmpty(m.Description) ? null : m.Description,
        ModelVersionJson.From(m.LatestVersions), KeyValueJson.From(m.Tags),
        m.Aliases.Count == 0 ? null : m.Aliases.Select(a => new ModelAliasJson(a.Alias, a.Version.ToString(CultureInfo.InvariantCulture))).ToList());
}

public sealed record RegisteredModelResponse(RegisteredModelJson RegisteredModel);

public sealed record SearchRegisteredModelsResponse(List<RegisteredModelJson>? RegisteredModels, string? NextPageToken);

public sealed record ModelVersionResponse(ModelVersionJson ModelVersion);

public sealed record ModelVersionsResponse(List<ModelVersionJson>? ModelVersions, string? NextPageToken = null);

public sealed record DownloadUriResponse(string ArtifactUri);
