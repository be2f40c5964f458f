using Microsoft.Extensions.DependencyInjection;

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

/// <summary>
/// Workspaces in a file that tests extend as an operator would (append an entry, the server reloads), so the isolation
/// suites run against the file provider too.
/// </summary>
public sealed class FileIsolationProfile : ISettingsProfile
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static string FilePath { get; } = FileCatalogProfile.Write("workspaces:\n  - name: seed\n");

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "file:///tmp/mlflow-art",
        ["Server:ArtifactsDestination"] = LocalArtifactsProfile.Destination,
        ["Server:WorkspaceStoreUri"] = "file://" + FilePath,
    };

    public static async Task<string> NewWorkspaceAsync(IApiHost host, string prefix)
    {
        var name = Names.Unique(prefix);
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            await File.AppendAllTextAsync(FilePath, $"  - name: {name}\n", TestContext.Current.CancellationToken);
            var reloaded = await host.Services.GetRequiredService<Workspaces.Data.Workspaces.FileWorkspaceCatalog>().ReloadAsync(TestContext.Current.CancellationToken);
            Assert.True(reloaded.IsSuccess, reloaded.Error?.Message);
        }
        finally
        {
            Gate.Release();
        }
        return name;
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
