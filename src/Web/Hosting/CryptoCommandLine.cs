using System.Globalization;
using Workspaces.Data.Errors;

namespace Workspaces.Web.Hosting;

/// <summary><c>crypto rotate-kek [--new-kek-version N] [options]</c>, with the server's store options.</summary>
internal static class CryptoCommandLine
{
    public const string Usage = "Usage: crypto rotate-kek [--new-kek-version N] [options] (new passphrase from MLFLOW_CRYPTO_NEW_KEK_PASSPHRASE or stdin)";

    public const string NoPassphraseArgument = "crypto rotate-kek does not take the passphrase on the command line (the process list and shell "
        + "history would keep it): set MLFLOW_CRYPTO_NEW_KEK_PASSPHRASE or pipe it on stdin.";

    private static readonly HashSet<string> Flags = ["--new-kek-version"];

    private static readonly HashSet<string> NoSwitches = [];

    /// <summary>Parses <c>crypto …</c>; <paramref name="args"/> starts with "crypto".</summary>
    public static Result<CliCommand> Parse(IReadOnlyList<string> args)
    {
        if (args.Count < 2 || args[1] != "rotate-kek")
            return args.Skip(1).Any(a => a is "--help" or "-?") ? new HelpCommand() : Error.InvalidParameter(Usage);
        // Refused before the options are parsed, so the error never echoes what may be a passphrase.
        for (var i = 2; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--new-passphrase", StringComparison.Ordinal) || arg.StartsWith("--passphrase", StringComparison.Ordinal) || !arg.StartsWith('-'))
                return Error.InvalidParameter(NoPassphraseArgument);
            if (!arg.Contains('=', StringComparison.Ordinal) && (CommandLine.TakesValue(arg) || Flags.Contains(arg)))
                i++;
        }
        var options = CommandLine.ParseOptions(args, 2, Flags, NoSwitches);
        if (!options.IsSuccess)
            return options.Error;
        if (options.Value.Help)
            return new HelpCommand();
        int? version = null;
        foreach (var (_, value) in options.Value.CommandArgs)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return Error.InvalidParameter($"--new-kek-version must be a whole number of at least 1, got '{value}'.");
            version = parsed;
        }
        return new RotateKekCommand(options.Value.Settings, options.Value.HostArgs, version);
    }
}
