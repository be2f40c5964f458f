using Workspaces.Data.Maintenance;

namespace Workspaces.Web.Hosting;

/// <summary>What the command line asked for.</summary>
public abstract record CliCommand;

/// <summary>A command that reads the server's configuration. <paramref name="Settings"/> are configuration keys set by
/// MLflow-style flags; <paramref name="HostArgs"/> are <c>--Key=value</c> arguments passed on to ASP.NET Core configuration.</summary>
public abstract record ConfiguredCommand(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> HostArgs) : CliCommand;

/// <summary>Run the server.</summary>
public sealed record ServeCommand(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> HostArgs)
    : ConfiguredCommand(Settings, HostArgs);

/// <summary><c>gc [options]</c>: MLflow's <c>mlflow gc</c> against the configured store and artifacts.</summary>
public sealed record GcCommand(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> HostArgs, GcRequest Request)
    : ConfiguredCommand(Settings, HostArgs);

/// <summary><c>users set-password &lt;username&gt; [options]</c>: the password comes from stdin or MLFLOW_NEW_PASSWORD, never argv.</summary>
public sealed record SetPasswordCommand(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> HostArgs, string Username)
    : ConfiguredCommand(Settings, HostArgs);

/// <summary><c>db upgrade &lt;store-uri&gt;</c>.</summary>
public sealed record DbUpgradeCommand(string StoreUri) : CliCommand;

public sealed record HelpCommand : CliCommand;

/// <summary><c>crypto rotate-kek [--new-kek-version N]</c>: the new passphrase comes from the environment or stdin, never argv.</summary>
public sealed record RotateKekCommand(IReadOnlyDictionary<string, string?> Settings, IReadOnlyList<string> HostArgs, int? NewVersion)
    : ConfiguredCommand(Settings, HostArgs);
