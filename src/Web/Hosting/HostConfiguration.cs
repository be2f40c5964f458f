using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.FileProviders;

namespace Workspaces.Web.Hosting;

/// <summary>
/// Layers configuration, lowest first: appsettings.json beside the app (the repository's single
/// defaults file, linked into the build), appsettings.json in the content root, ASP.NET-style
/// environment variables (<c>Server__Port</c>), <c>MLFLOW_*</c> variables, <c>--Section:Key=value</c>
/// arguments, and last the MLflow flags.
/// </summary>
public static class HostConfiguration
{
    public static void Apply(ConfigurationManager configuration, IReadOnlyDictionary<string, string?> mlflowEnvironment,
        IReadOnlyDictionary<string, string?> flags)
    {
        var sources = configuration.Sources;
        sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        var list = sources.ToList();
        var commandLine = list.FindIndex(s => s is CommandLineConfigurationSource);
        var position = commandLine >= 0 ? commandLine : list.FindLastIndex(s => s is EnvironmentVariablesConfigurationSource) + 1;
        sources.Insert(position <= 0 ? sources.Count : position, new MemoryConfigurationSource { InitialData = mlflowEnvironment });
        configuration.AddInMemoryCollection(flags);
    }
}
