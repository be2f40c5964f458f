using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Common;

/// <summary>MLflow's validation rules for tracking entities (mlflow/utils/validation.py), with its messages.</summary>
public static partial class TrackingValidation
{
    public const int MaxEntityKeyLength = StoredText.EntityKey;
    public const int MaxParamValueLength = StoredText.ParamValue;
    public const int MaxTagValueLength = StoredText.RunTagValue;
    public const int MaxExperimentNameLength = StoredText.ExperimentName;
    public const int MaxExperimentTagKeyLength = StoredText.EntityKey;
    public const int MaxExperimentTagValueLength = StoredText.ExperimentTagValue;
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;

    private const string MissingKeyName = "A key name must be provided.";
    private const string BadCharacters =
        "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).";

    public static Error? MetricName(string? name, string path = "name")
    {
        if (name is null)
            return Error.InvalidParameter(InvalidValue(path, null, $"Metric name cannot be None. {MissingKeyName}"));
        return KeyRules(name, path) ?? Length("Metric name", MaxEntityKeyLength, name);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> ValidMetricNames = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> passed <see cref="MetricName"/> before (a bounded memo for the ingestion path).</summary>
    public static bool IsKnownValidMetricName(string? name) => name is not null && ValidMetricNames.ContainsKey(name);

    public static void RememberValidMetricName(string name)
    {
        if (ValidMetricNames.Count < 10_000)
            ValidMetricNames.TryAdd(name, 0);
    }

    public static Error? ParamName(string? name, string path = "key")
    {
        if (name is null)
            return Error.InvalidParameter(InvalidValue(path, "", MissingKeyName));
        return KeyRules(name, path) ?? Length("Param key", MaxEntityKeyLength, name);
    }

    public static Error? TagName(string? name, string path = "key")
    {
        if (name is null)
            return Error.MissingParameter(path);
        return KeyRules(name, path);
    }

    public static Error? MetricTimestamp(string key, double value, long timestamp, string path) => timestamp < 0
        ? Error.InvalidParameter(InvalidValue(path, timestamp,
            $"metric '{key}' (value={FormatDouble(value)}). Timestamp must be a nonnegative long (64-bit integer) "))
        : null;

    /// <summary>Run ids as MLflow accepts them in requests (the store's own ids are 32 hex characters).</summary>
    public static Error? RunId(string runId, string path = "run_id") =>
        RunIdRegex().IsMatch(runId) ? null : Error.InvalidParameter(InvalidValue(path, runId));

    public static Error? ExperimentName(string? name)
    {
        if (string.IsNullOrEmpty(name))
            return Error.InvalidParameter($"Invalid experiment name: '{name}'");
        return StoredText.Check(name, "name", MaxExperimentNameLength);
    }

    public static Error? ExperimentTag(string? key, string? value) =>
        TagName(key) ?? Length("key", MaxExperimentTagKeyLength, key) ?? StoredText.Check(value, "value", MaxExperimentTagValueLength);

    /// <summary>Param values over the limit are cut, as MLflow does by default (MLFLOW_TRUNCATE_LONG_VALUES).</summary>
    public static string? TruncateParamValue(string? value) => Truncate(value, MaxParamValueLength);

    public static string? TruncateTagValue(string? value) => Truncate(value, MaxTagValueLength);

    public static Error? TagKeyLength(string key, string path) => Length(path, MaxEntityKeyLength, key);

    public static Error? BatchLimits(int metrics, int @params, int tags) =>
        BatchLimit("metrics", MaxMetricsPerBatch, metrics)
        ?? BatchLimit("params", MaxParamsTagsPerBatch, @params)
        ?? BatchLimit("tags", MaxParamsTagsPerBatch, tags)
        ?? BatchLimit("metrics, params, and tags", MaxEntitiesPerBatch, metrics + @params + tags);

    public static Error? UniqueParamKeys(IEnumerable<string> keys)
    {
        var duplicates = keys.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToList();
        return duplicates.Count == 0 ? null : Error.InvalidParameter(
            $"Duplicate parameter keys have been submitted: [{string.Join(", ", duplicates)}]. Please ensure the request contains only one param value per param key.");
    }

    public static Error? Length(string entity, int limit, string? value) =>
        value is not null && value.Length > limit ? Error.InvalidParameter(ExceedsMaximumLength(entity, limit)) : null;

    public static string ExceedsMaximumLength(string path, int limit) => $"'{path}' exceeds the maximum length of {limit} characters";

    /// <summary>MLflow's <c>invalid_value</c>: the value as compact JSON, then an optional explanation.</summary>
    public static string InvalidValue(string path, object? value, string? message = null)
    {
        var json = value switch
        {
            double d when double.IsNaN(d) => "NaN",
            double d => FormatDouble(d),
            _ => JsonSerializer.Serialize(value),
        };
        return message is null ? $"Invalid value {json} for parameter '{path}' supplied." : $"Invalid value {json} for parameter '{path}' supplied: {message}";
    }

    private static Error? KeyRules(string name, string path)
    {
        if (!KeyRegex().IsMatch(name))
            return Error.InvalidParameter(InvalidValue(path, name, BadCharacters));
        var normalized = NormalizePath(name);
        if (normalized != name || normalized == "." || normalized.StartsWith("..", StringComparison.Ordinal) || normalized.StartsWith('/'))
        {
            return Error.InvalidParameter(InvalidValue(path, name,
                $"Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '{normalized}'"));
        }
        return null;
    }

    /// <summary>Python's posixpath.normpath.</summary>
    internal static string NormalizePath(string path)
    {
        if (path.Length == 0)
            return ".";
        var initialSlashes = path.StartsWith('/') ? (path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("///", StringComparison.Ordinal) ? 2 : 1) : 0;
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
                continue;
            if (part != ".." || (initialSlashes == 0 && parts.Count == 0) || (parts.Count > 0 && parts[^1] == ".."))
                parts.Add(part);
            else if (parts.Count > 0)
                parts.RemoveAt(parts.Count - 1);
        }
        var result = new string('/', initialSlashes) + string.Join('/', parts);
        return result.Length == 0 ? "." : result;
    }

    private static Error? BatchLimit(string entity, int limit, int count) => count > limit
        ? Error.InvalidParameter($"A batch logging request can contain at most {limit} {entity}. Got {count} {entity}. "
            + $"Please split up {entity} across multiple requests and try again.")
        : null;

    private static string? Truncate(string? value, int limit) => value is not null && value.Length > limit ? value[..limit] : value;

    internal static string FormatDouble(double value) => value switch
    {
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^[/\w.\- :]*\z")]
    private static partial Regex KeyRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}\z")]
    private static partial Regex RunIdRegex();
}
