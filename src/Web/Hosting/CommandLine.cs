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

        Options (environment variable in brackets):
          --backend-store-uri URI           sqlite:///mlflow.db, sqlite:////abs.db, postgresql://user:pass@host:port/db [MLFLOW_BACKEND_STORE_URI]
          --default-artifact-root URI       root for new experiments' artifacts (default mlflow-artifacts:/) [MLFLOW_DEFAULT_ARTIFACT_ROOT]
          --serve-artifacts | --no-serve-artifacts
                                            proxy artifact uploads and downloads (default on) [MLFLOW_SERVE_ARTIFACTS]
          --artifacts-destination PATH      where proxied artifacts are stored (default ./mlartifacts) [MLFLOW_ARTIFACTS_DESTINATION]
          --enable-workspaces | --disable-workspaces
                                            multi-tenant workspaces (default on) [MLFLOW_ENABLE_WORKSPACES]
          -h, --host HOST                   address to listen on (default 127.0.0.1) [MLFLOW_HOST]
          -p, --port PORT                   port to listen on (default 5000) [MLFLOW_PORT]
          --app-name basic-auth             turn authentication on [MLFLOW_AUTH_ENABLED=true]
          --Section:Key=value               set any appsettings.json key
          --help                            show this text
        """;

    private static readonly Dictionary<string, string> ValueFlags = new(StringComparer.Ordinal)
    {
        ["--backend-store-uri"] = "Server:BackendStoreUri",
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
        var start = 0;
        if (args.Count > 0 && args[0] == "db")
        {
            if (args.Count == 3 && args[1] == "upgrade")
                return new DbUpgradeCommand(args[2]);
            return Error.InvalidParameter("Usage: db upgrade <store-uri>");
        }
        if (args.Count > 0 && args[0] == "server")
            start = 1;

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var hostArgs = new List<string>();
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-?")
                return new HelpCommand();
            var (flag, inline) = SplitInline(arg);
            if (Switches.TryGetValue(flag, out var sw) && inline is null)
            {
                settings[sw.Key] = sw.Value;
            }
            else if (ValueFlags.TryGetValue(flag, out var key))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null)
                    return Error.InvalidParameter($"Option '{flag}' needs a value. Run with --help for the options.");
                var mapped = MapValue(flag, value);
                if (!mapped.IsSuccess)
                    return mapped.Error!;
                settings[key] = mapped.Value;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && inline is not null)
            {
                // --Server:Port=5001 or host settings (--environment=…, --contentRoot=…) for ASP.NET Core.
                hostArgs.Add(arg);
            }
            else
            {
                return Error.InvalidParameter($"Unknown option '{arg}'. Run with --help for the options.");
            }
        }
        return new ServeCommand(settings, hostArgs);
    }

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
