namespace Workspaces.Web.Hosting;

/// <summary>What the command line asked for.</summary>
public abstract record CliCommand;

/// <summary>Run the server. <paramref name="Settings"/> are configuration keys set by MLflow-style flags;
/// <paramref name="HostArgs"/> are <c>--Key=value</c> arguments passed on to ASP.NET Core configuration.</summary>
public sealed record ServeCommand(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> HostArgs) : CliCommand;

/// <summary><c>db upgrade &lt;store-uri&gt;</c>.</summary>
public sealed record DbUpgradeCommand(string StoreUri) : CliCommand;

public sealed record HelpCommand : CliCommand;
