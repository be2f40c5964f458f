using System.Globalization;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Common;

public static class ExperimentIds
{
    public const string DefaultExperimentId = "0";

    /// <summary>MLflow's int() of an experiment id; a non-number is a 400, not MLflow's 500.</summary>
    public static Result<long> Parse(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return 0L;
        return long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : Error.InvalidParameter($"Invalid experiment ID '{id}'. Experiment ID must be a valid integer.");
    }

    public static Error NotFound(string id) => Error.NotFound($"No Experiment with id={id} exists");

    public static Error NotActive(long id, string stage) =>
        Error.InvalidParameter($"The experiment {id} must be in the 'active' state. Current state is {stage}.");

    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);
}
