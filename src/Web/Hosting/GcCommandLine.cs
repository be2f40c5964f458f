using Workspaces.Data.Errors;
using Workspaces.Data.Maintenance;

namespace Workspaces.Web.Hosting;

/// <summary><c>gc</c>'s flags (MLflow's names and messages), on top of the server's store and artifact flags.</summary>
internal static class GcCommandLine
{
    private static readonly HashSet<string> Flags = ["--older-than", "--run-ids", "--experiment-ids", "--logged-model-ids", "--workspace", "--tracking-uri"];
    private static readonly HashSet<string> Switches = ["--all-workspaces"];

    /// <summary>Parses <c>gc …</c>; <paramref name="args"/> starts with "gc".</summary>
    public static Result<CliCommand> Parse(IReadOnlyList<string> args)
    {
        var options = CommandLine.ParseOptions(args, 1, Flags, Switches);
        if (!options.IsSuccess)
            return options.Error;
        if (options.Value.Help)
            return new HelpCommand();
        var request = new GcRequest();
        var allWorkspaces = false;
        foreach (var (flag, value) in options.Value.CommandArgs)
        {
            switch (flag)
            {
                case "--older-than":
                    var age = GcAge.Parse(value!);
                    if (!age.IsSuccess)
                        return age.Error;
                    request = request with { OlderThan = value, OlderThanMs = age.Value };
                    break;
                case "--run-ids":
                    request = request with { RunIds = Ids(value!) };
                    break;
                case "--experiment-ids":
                    request = request with { ExperimentIds = Ids(value!) };
                    break;
                case "--logged-model-ids":
                    request = request with { LoggedModelIds = Ids(value!) };
                    break;
                case "--workspace":
                    request = request with { Workspace = value!.Trim() };
                    break;
                case "--all-workspaces":
                    allWorkspaces = true;
                    break;
            }
        }
        if (allWorkspaces && request.Workspace is not null)
            return Error.InvalidParameter("Cannot use --workspace and --all-workspaces together.");
        return new GcCommand(options.Value.Settings, options.Value.HostArgs, request);
    }

    /// <summary>
    /// MLflow's comma list; an empty value means "not given", as in MLflow. Empty items are dropped, so "a,,b" is two
    /// ids and "," lists none (and removes nothing, rather than everything).
    /// </summary>
    private static List<string>? Ids(string value) =>
        value.Length == 0 ? null : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
