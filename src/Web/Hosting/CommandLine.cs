using System.Globalization;
using Workspaces.Data.Errors;

namespace Workspaces.Web.Hosting;

/// <summary>
/// Parses <c>mlflow server</c>-style flags (SPEC §4) into configuration keys. Flags win over
/// environment variables, which win over appsettings.json.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project src/Web -- [server] [options]
               dotnet run --project src/Web -- db upgrade <store-uri>
               dotnet run --project src/Web -- gc [gc options] [options]
               dotnet run --project src/Web -- users set-password <username> [options]
               dotnet run --project src/Web -- crypto rotate-kek [--new-kek-version N] [options]

        Options (environment variable in brackets):
          --backend-store-uri URI           sqlite:///mlflow.db, sqlite:////abs.db, postgresql://user:pass@host:port/db,
                                            mysql://user:pass@host:port/db [MLFLOW_BACKEND_STORE_URI]
          --default-artifact-root URI       root for new experiments' artifacts (default mlflow-artifacts:/) [MLFLOW_DEFAULT_ARTIFACT_ROOT]
          --serve-artifacts | --no-serve-artifacts
                                            proxy artifact uploads and downloads (default on) [MLFLOW_SERVE_ARTIFACTS]
          --artifacts-destination PATH      where proxied artifacts are stored (default ./mlartifacts) [MLFLOW_ARTIFACTS_DESTINATION]
          --workspace-store-uri URI         where workspaces are listed: unset = the backend store; file:///path/workspaces.yaml =
                                            a read-only file (reloaded on change) [MLFLOW_WORKSPACE_STORE_URI]
          --enable-workspaces | --disable-workspaces
                                            multi-tenant workspaces (default on) [MLFLOW_ENABLE_WORKSPACES]
          -h, --host HOST                   address to listen on (default 127.0.0.1) [MLFLOW_HOST]
          -p, --port PORT                   port to listen on (default 5000) [MLFLOW_PORT]
          --app-name basic-auth             turn authentication on [MLFLOW_AUTH_ENABLED=true]
          --Section:Key=value               set any appsettings.json key
          --help                            show this text

        gc: permanently delete deleted runs, logged models and experiments with their artifacts (MLflow's `mlflow gc`),
        and the artifacts CASCADE workspace deletes left behind. It uses the store and artifact options above.
          --older-than AGE                  only what was deleted longer ago than AGE, #d#h#m#s (30d, 1d2h3m4s, 1.5h);
                                            default: everything deleted
          --run-ids ID,ID                   only these deleted runs
          --experiment-ids ID,ID            only these deleted experiments, with all their runs and logged models
          --logged-model-ids ID,ID          only these deleted logged models
                                            (with any of the three lists, only the listed entities go)
          --workspace NAME                  only this workspace (a deleted one: its leftover artifacts)
          --all-workspaces                  every workspace (the default)
          --tracking-uri URI                accepted for MLflow compatibility and ignored: gc works on the store directly

        users set-password <username>: set an account's password in the configured store (the server may be stopped)
        and end that user's sessions. The password is read from MLFLOW_NEW_PASSWORD, else from stdin (a terminal is
        prompted); never from the command line, where the process list and shell history would keep it.

        crypto rotate-kek: re-wrap every AI Gateway API key under a new passphrase (MLflow's `mlflow crypto rotate-kek`),
        in one transaction; stop the servers first. The current passphrase is MLFLOW_CRYPTO_KEK_PASSPHRASE; the new one
        is read from MLFLOW_CRYPTO_NEW_KEK_PASSPHRASE, else from stdin, never from the command line.
          --new-kek-version N               the new key version (default: MLFLOW_CRYPTO_KEK_VERSION + 1)
        """;

    private static readonly HashSet<string> NoFlags = [];

    private static readonly Dictionary<string, string> ValueFlags = new(StringComparer.Ordinal)
    {
        ["--backend-store-uri"] = "Server:BackendStoreUri",
        ["--workspace-store-uri"] = "Server:WorkspaceStoreUri",
        ["--default-artifact-root"] = "Server:DefaultArtifactRoot",
        ["--artifacts-destination"] = "Server:ArtifactsDestination",
        ["--host"] = "Server:Host",
        ["-h"] = "Server:Host",
        ["--port"] = "Server:Port",
        ["-p"] = "Server:Port",
        ["--app-name"] = "Auth:Enabled",
    };

    private static readonly Dictionary<string, (string Key, string Value)> Switches = new(StringComparer.Ordinal)
    {
        ["--serve-artifacts"] = ("Server:ServeArtifacts", "true"),
        ["--no-serve-artifacts"] = ("Server:ServeArtifacts", "false"),
        ["--enable-workspaces"] = ("Server:EnableWorkspaces", "true"),
        ["--disable-workspaces"] = ("Server:EnableWorkspaces", "false"),
    };

    public static Result<CliCommand> Parse(IReadOnlyList<string> args)
    {
        if (args.Count > 0 && args[0] == "db")
        {
            if (args.Count == 3 && args[1] == "upgrade")
                return new DbUpgradeCommand(args[2]);
            return Error.InvalidParameter("Usage: db upgrade <store-uri>");
        }
        if (args.Count > 0 && args[0] == "gc")
            return GcCommandLine.Parse(args);
        if (args.Count > 0 && args[0] == "users")
            return UsersCommandLine.Parse(args);
        if (args.Count > 0 && args[0] == "crypto")
            return CryptoCommandLine.Parse(args);
        var options = ParseOptions(args, args.Count > 0 && args[0] == "server" ? 1 : 0, NoFlags, NoFlags);
        if (!options.IsSuccess)
            return options.Error;
        return options.Value.Help ? new HelpCommand() : new ServeCommand(options.Value.Settings, options.Value.HostArgs);
    }

    /// <summary>
    /// The server's flags from <paramref name="start"/> on, plus the flags of one command (<paramref name="commandFlags"/> take
    /// a value, <paramref name="commandSwitches"/> do not), which are returned in order for the command to interpret.
    /// </summary>
    internal static Result<ParsedOptions> ParseOptions(IReadOnlyList<string> args, int start, IReadOnlySet<string> commandFlags,
        IReadOnlySet<string> commandSwitches)
    {
        var options = new ParsedOptions();
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-?")
                return options with { Help = true };
            var (flag, inline) = SplitInline(arg);
            if (commandSwitches.Contains(flag) && inline is null)
            {
                options.CommandArgs.Add((flag, null));
            }
            else if (Switches.TryGetValue(flag, out var sw) && inline is null)
            {
                options.Settings[sw.Key] = sw.Value;
            }
            else if (commandFlags.Contains(flag) || ValueFlags.ContainsKey(flag))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null)
                    return Error.InvalidParameter($"Option '{flag}' needs a value. Run with --help for the options.");
                if (commandFlags.Contains(flag))
                {
                    options.CommandArgs.Add((flag, value));
                    continue;
                }
                var mapped = MapValue(flag, value);
                if (!mapped.IsSuccess)
                    return mapped.Error;
                options.Settings[ValueFlags[flag]] = mapped.Value;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && inline is not null)
            {
                // --Server:Port=5001 or host settings (--environment=…, --contentRoot=…) for ASP.NET Core.
                options.HostArgs.Add(arg);
            }
            else
            {
                return Error.InvalidParameter($"Unknown option '{arg}'. Run with --help for the options.");
            }
        }
        return options;
    }

    /// <summary>True for a server flag that takes a value (the next argument, unless given inline).</summary>
    internal static bool TakesValue(string flag) => ValueFlags.ContainsKey(flag);

    private static (string Flag, string? Value) SplitInline(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static Result<string> MapValue(string flag, string value)
    {
        switch (flag)
        {
            case "--port" or "-p":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                    return Error.InvalidParameter($"Invalid port '{value}': expected a number from 1 to 65535.");
                return value;
            case "--app-name":
                if (value != "basic-auth")
                    return Error.InvalidParameter($"Unknown app name '{value}'. The only app is 'basic-auth'.");
                return "true";
            default:
                return value;
        }
    }
}
