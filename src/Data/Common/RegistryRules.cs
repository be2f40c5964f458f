using System.Globalization;
using System.Text.RegularExpressions;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Common;

/// <summary>Model registry rules and messages (mlflow/utils/validation.py, model_version_stages.py, prompt constants).</summary>
public static partial class RegistryRules
{
    public const int MaxTagKeyLength = StoredText.EntityKey;
    public const int MaxTagValueLength = StoredText.RegistryTagValue;
    public const int MaxAliasLength = StoredText.Alias;
    public const string PromptTag = "mlflow.prompt.is_prompt";
    public const string PromptTextTag = "mlflow.prompt.text";
    public const string LatestAlias = "latest";

    public static readonly string[] Stages = ["None", "Staging", "Production", "Archived"];
    public static readonly string[] ActiveStages = ["Staging", "Production"];

    /// <summary>
    /// "Is this a prompt?", answered one way (<c>RegisteredModel.IsPrompt</c> is the query form): the prompt tag set to "true" in any case, as the searches decide it
    /// (<c>lower(value) = 'true'</c>).
    /// </summary>
    public static bool IsPrompt(IEnumerable<KeyValue> tags) =>
        tags.Any(t => t.Key == PromptTag && string.Equals(t.Value, "true", StringComparison.OrdinalIgnoreCase));


    /// <summary>The tags MLflow's prompt registry keeps for itself (the prompt marker, its text, its type...).</summary>
    public static bool IsPromptSystemTag(string key) => key.StartsWith("mlflow.prompt.", StringComparison.Ordinal);

    public static Error ModelNotFound(string name) => Error.NotFound($"Registered Model with name={name} not found");

    public static Error VersionNotFound(string name, int version) => Error.NotFound($"Model Version (name={name}, version={version}) not found");

    public static Result<int> Version(string? version)
    {
        if (string.IsNullOrEmpty(version))
            return Error.MissingParameter("version");
        return int.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : Error.InvalidParameter($"Parameter 'version' must be an integer, got '{version}'.");
    }

    /// <summary>Case-insensitive stage names, canonicalised (<c>staging</c> → <c>Staging</c>).</summary>
    public static Result<string> CanonicalStage(string? stage)
    {
        var match = Stages.FirstOrDefault(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? match
            : Error.InvalidParameter($"Invalid Model Version stage: {stage}. Value must be one of {string.Join(", ", Stages)}.");
    }

    public static Error? Tag(string? key, string? value, bool versionTag)
    {
        if ((TrackingValidation.TagName(key) ?? TrackingValidation.Length("key", MaxTagKeyLength, key)) is { } badKey)
            return badKey;
        if (versionTag && value is null)
            return Error.InvalidParameter("Tag value cannot be None");
        if (StoredText.NoNul(value, "value") is { } nul)
            return nul;
        if (value is { Length: > MaxTagValueLength })
        {
            return key == PromptTextTag
                ? Error.InvalidParameter($"Prompt text exceeds max length of {MaxTagValueLength} characters.")
                : Error.InvalidParameter(TrackingValidation.ExceedsMaximumLength("value", MaxTagValueLength));
        }
        return null;
    }

    /// <summary>Registered model and prompt names: MLflow's 256-character column, no NUL.</summary>
    public static Error? Name(string? name, string path = "name") => StoredText.Check(name, path, StoredText.RegisteredModelName);

    public static Error? Description(string? description) => StoredText.Check(description, "description", StoredText.Description);

    /// <summary>Alias names: word characters and dashes, at most 255, not <c>latest</c> nor a version-like <c>v1</c>.</summary>
    public static Error? Alias(string? alias, bool forSet)
    {
        if (string.IsNullOrEmpty(alias))
            return Error.InvalidParameter("Registered model alias name cannot be empty.");
        if (!AliasRegex().IsMatch(alias))
            return Error.InvalidParameter($"Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
        if (alias.Length > MaxAliasLength)
            return Error.InvalidParameter(TrackingValidation.ExceedsMaximumLength("Registered model alias name", MaxAliasLength));
        if (forSet && string.Equals(alias, LatestAlias, StringComparison.OrdinalIgnoreCase))
            return Error.InvalidParameter("'latest' alias name (case insensitive) is reserved.");
        if (VersionAliasRegex().IsMatch(alias))
            return Error.InvalidParameter($"Version alias name '{alias}' is reserved.");
        return null;
    }

    /// <summary>The error MLflow gives when a model and a prompt would share a name, or the plain duplicate.</summary>
    public static Error Duplicate(string name, bool existingIsPrompt, bool newIsPrompt)
    {
        var existing = existingIsPrompt ? "prompt" : "registered model";
        var created = newIsPrompt ? "prompt" : "registered model";
        if (existing != created)
        {
            return Error.AlreadyExists($"Tried to create a {created} with name '{name}', but the name is already taken by a {existing}. "
                + "MLflow does not allow creating a model and a prompt with the same name.");
        }
        return Error.AlreadyExists($"{(newIsPrompt ? "Prompt" : "Registered Model")} (name={name}) already exists.");
    }

    [GeneratedRegex(@"^[\w\-]*\z")]
    private static partial Regex AliasRegex();

    [GeneratedRegex(@"^[vV]\d+\z")]
    private static partial Regex VersionAliasRegex();
}
