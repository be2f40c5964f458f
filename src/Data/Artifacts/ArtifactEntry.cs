namespace Workspaces.Data.Artifacts;

/// <summary>One child of a listed directory: <see cref="Name"/> is the basename; <see cref="FileSize"/> is null for directories.</summary>
public sealed record ArtifactEntry(string Name, bool IsDir, long? FileSize);
