using Workspaces.Data.Common;

namespace Workspaces.Data.Registry;

public sealed record ModelVersionDto(
    string Name, int Version, long CreationTimestamp, long LastUpdatedTimestamp, string? UserId, string CurrentStage, string? Description,
    string? Source, string? RunId, string Status, string? StatusMessage, IReadOnlyList<KeyValue> Tags, string? RunLink,
    IReadOnlyList<string> Aliases, string? ModelId);

public sealed record ModelAliasDto(string Alias, int Version);

public sealed record RegisteredModelDto(
    string Name, long CreationTimestamp, long LastUpdatedTimestamp, string? Description, IReadOnlyList<ModelVersionDto> LatestVersions,
    IReadOnlyList<KeyValue> Tags, IReadOnlyList<ModelAliasDto> Aliases);

public sealed record RegisteredModelPage(IReadOnlyList<RegisteredModelDto> Models, string? NextPageToken);

public sealed record ModelVersionPage(IReadOnlyList<ModelVersionDto> Versions, string? NextPageToken);

public sealed record CreateModelVersionRequest(string Name, string Source, string? RunId, IReadOnlyList<KeyValue> Tags, string? RunLink,
    string? Description, string? ModelId);
