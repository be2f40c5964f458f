using System.Text.RegularExpressions;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Common;

/// <summary>MLflow's workspace name rule, with SPEC §5's ban on <c>--</c>; messages match MLflow's.</summary>
public static partial class WorkspaceNameValidator
{
    public const string Pattern = "^(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const int MinLength = 2;
    public const int MaxLength = 63;

    /// <summary>Names that would collide with URL segments; <c>default</c> is special-cased by the callers.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "workspaces", "api", "ajax-api", "static-files",
    };

    public static Error? Validate(string name)
    {
        if (name.Length is < MinLength or > MaxLength)
            return Error.InvalidParameter($"Workspace name '{name}' must be between {MinLength} and {MaxLength} characters.");
        if (!NameRegex().IsMatch(name))
        {
            return Error.InvalidParameter(
                $"Workspace name '{name}' must match the pattern {Pattern} (lowercase alphanumeric with optional internal hyphens).");
        }
        if (Reserved.Contains(name))
            return Error.InvalidParameter($"Workspace name '{name}' is reserved and cannot be used.");
        return null;
    }

    /// <summary>
    /// The API keeps MLflow's message (it quotes the pattern); people typing a name get the same rule in words.
    /// </summary>
    public static string InWords(Error error, string name) => error.Message.Contains(Pattern, StringComparison.Ordinal)
        ? $"'{name}' may use only lower-case letters, digits and single hyphens, and must start and end with a letter or digit."
        : error.Message;

    /// <summary>Validation for lookups: <c>default</c> is always acceptable there.</summary>
    public static Error? ValidateForLookup(string name) =>
        name == WorkspaceNames.Default ? null : Validate(name);

    // \z rather than $: a trailing newline must not pass.
    [GeneratedRegex(@"^(?!.*--)[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
