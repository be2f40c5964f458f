namespace Workspaces.Api.Json;

// Request shapes of the model registry (model_registry.proto), for the OpenAPI document only (see RequestShapes.Tracking.cs).

public sealed record CreateRegisteredModelRequestJson(string Name, List<KeyValueJson>? Tags = null, string? Description = null);

public sealed record RegisteredModelNameRequestJson(string Name);

public sealed record RenameRegisteredModelRequestJson(string Name, string NewName);

public sealed record UpdateRegisteredModelRequestJson(string Name, string? Description = null);

public sealed record SearchRegistryRequestJson(string? Filter = null, long? MaxResults = null, List<string>? OrderBy = null, string? PageToken = null);

public sealed record GetLatestVersionsRequestJson(string Name, List<string>? Stages = null);

public sealed record SetRegisteredModelTagRequestJson(string Name, string Key, string Value);

public sealed record DeleteRegisteredModelTagRequestJson(string Name, string Key);

public sealed record SetRegisteredModelAliasRequestJson(string Name, string Alias, string Version);

public sealed record RegisteredModelAliasRequestJson(string Name, string Alias);

public sealed record CreateModelVersionRequestJson(string Name, string Source, string? RunId = null, List<KeyValueJson>? Tags = null,
    string? RunLink = null, string? Description = null, string? ModelId = null);

public sealed record ModelVersionRequestJson(string Name, string Version);

public sealed record UpdateModelVersionRequestJson(string Name, string Version, string? Description = null);

public sealed record TransitionModelVersionStageRequestJson(string Name, string Version, string Stage, bool? ArchiveExistingVersions = null);

public sealed record SetModelVersionTagRequestJson(string Name, string Version, string Key, string Value);

public sealed record DeleteModelVersionTagRequestJson(string Name, string Version, string Key);
