namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>The workspace catalog from a read-only workspaces file (issue 15): team-a and team-b, plus the reserved default.</summary>
public sealed class FileCatalogProfile : ISettingsProfile
{
    public const string Yaml = """
        # managed in Git
        workspaces:
          - name: team-a
            description: Team A
          - name: team-b
        """;

    /// <summary>One file for every fixture of this profile: nothing writes to it.</summary>
    public static string FilePath { get; } = Write(Yaml);

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "file:///tmp/mlflow-art",
        ["Server:ArtifactsDestination"] = LocalArtifactsProfile.Destination,
        ["Server:WorkspaceStoreUri"] = "file://" + FilePath,
    };

    public static string Write(string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("ws-catalog-").FullName, "workspaces.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}

/// <summary>The SQL catalog without a default workspace: requests must name theirs.</summary>
public sealed class NoDefaultProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "file:///tmp/mlflow-art",
        ["Server:ArtifactsDestination"] = LocalArtifactsProfile.Destination,
        ["Server:DefaultWorkspace"] = "",
    };
}
