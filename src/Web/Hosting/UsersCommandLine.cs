using Workspaces.Data.Errors;

namespace Workspaces.Web.Hosting;

/// <summary><c>users set-password &lt;username&gt; [options]</c>, with the server's store options.</summary>
internal static class UsersCommandLine
{
    public const string Usage = "Usage: users set-password <username> [options] (password from MLFLOW_NEW_PASSWORD or stdin)";

    public const string NoPasswordArgument = "users set-password does not take the password on the command line (the process list and "
        + "shell history would keep it): set MLFLOW_NEW_PASSWORD or pipe it on stdin.";

    private static readonly HashSet<string> NoFlags = [];

    /// <summary>Parses <c>users …</c>; <paramref name="args"/> starts with "users".</summary>
    public static Result<CliCommand> Parse(IReadOnlyList<string> args)
    {
        if (args.Count > 1 && args[1] is "--help" or "-?")
            return new HelpCommand();
        if (args.Count < 3 || args[1] != "set-password" || args[2].StartsWith('-'))
            return args.Skip(1).Any(a => a is "--help" or "-?") ? new HelpCommand() : Error.InvalidParameter(Usage);
        // Refused before the options are parsed, so the error never echoes what may be a password.
        for (var i = 3; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--password" || arg.StartsWith("--password=", StringComparison.Ordinal) || !arg.StartsWith('-'))
                return Error.InvalidParameter(NoPasswordArgument);
            if (CommandLine.TakesValue(arg))
                i++;
        }
        var options = CommandLine.ParseOptions(args, 3, NoFlags, NoFlags);
        if (!options.IsSuccess)
            return options.Error;
        return options.Value.Help ? new HelpCommand() : new SetPasswordCommand(options.Value.Settings, options.Value.HostArgs, args[2]);
    }
}
