using Microsoft.EntityFrameworkCore.Metadata;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data;

/// <summary>
/// The one rule for stored strings, the same on every database: MLflow's lengths (its column sizes and
/// mlflow/utils/validation.py) and no NUL character (PostgreSQL cannot store U+0000, SQLite can; refusing it
/// everywhere keeps the databases interchangeable). The EF configurations take their max lengths from these
/// constants; <see cref="StoredTextSaveGuard"/> checks every written string against them before SQL is sent,
/// and services check the fields clients name first, with MLflow's messages.
/// </summary>
public static class StoredText
{
    /// <summary>Metric, param and tag keys (<c>MAX_ENTITY_KEY_LENGTH</c>).</summary>
    public const int EntityKey = 250;
    public const int ParamValue = 6000;
    /// <summary>Run and logged-model tag values (<c>MAX_TAG_VAL_LENGTH</c>).</summary>
    public const int RunTagValue = 8000;
    public const int RunName = 250;
    public const int UserId = 256;
    public const int ExperimentName = 500;
    public const int ExperimentTagValue = 5000;
    public const int RegisteredModelName = 256;
    /// <summary>Registered-model and model-version tag values, prompt text included (<c>MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH</c>).</summary>
    public const int RegistryTagValue = 5000;
    /// <summary>Registered-model and model-version descriptions (MLflow's <c>String(5000)</c> columns).</summary>
    public const int Description = 5000;
    public const int Alias = 255;
    public const int RunLink = 500;
    public const int StatusMessage = 500;
    public const int DatasetName = 500;
    public const int DatasetDigest = 36;
    public const int DatasetSourceType = 36;
    public const int DatasetSource = 65535;
    public const int DatasetSchema = 1048575;
    public const int DatasetProfile = 16777215;
    public const int InputTagKey = 255;
    public const int InputTagValue = 500;
    public const int LoggedModelName = 500;
    public const int ModelType = 500;
    /// <summary><c>m-</c> + 32 hex characters, with room for ids written by other MLflow stores.</summary>
    public const int LoggedModelId = 64;
    public const int RunId = 32;
    /// <summary>Artifact locations: a deliberate difference, MLflow allows 256; S3/GCS roots with prefixes need more.</summary>
    public const int ArtifactLocation = 2048;
    /// <summary>A run's or logged model's artifact URI: its experiment's location plus its own path segments.</summary>
    public const int ArtifactUri = ArtifactLocation + 64;
    /// <summary>A workspace root leaves room for the <c>/&lt;experiment id&gt;</c> appended to it.</summary>
    public const int WorkspaceArtifactRoot = ArtifactLocation - 20;
    /// <summary>Model version sources: MLflow's column is 500, but a source names an artifact URI, which may be longer here.</summary>
    public const int ModelVersionSource = ArtifactUri + 1024;
    public const int WorkspaceDescription = 5000;
    public const int Username = 255;
    public const int TokenName = 100;
    /// <summary>Gateway ids: a one-letter prefix, a dash and 32 hex characters (MLflow's VARCHAR(36)).</summary>
    public const int GatewayId = 36;
    public const int GatewayName = 255;
    public const int GatewayProvider = 64;
    public const int GatewayModelName = 256;
    /// <summary>Gateway JSON columns (auth_config, masked values) and each secret value.</summary>
    public const int GatewayJson = 5000;
    public const int GatewayActor = 255;

    /// <summary>
    /// Limits of columns the schema keeps as unbounded text (changing them would need a migration); the guard
    /// applies these as if they were the columns' max lengths.
    /// </summary>
    private static readonly Dictionary<(Type Entity, string Property), int> TextColumnLimits = new()
    {
        [(typeof(RegisteredModel), nameof(RegisteredModel.Description))] = Description,
        [(typeof(ModelVersion), nameof(ModelVersion.Description))] = Description,
        [(typeof(ModelVersion), nameof(ModelVersion.Source))] = ModelVersionSource,
        [(typeof(ModelVersion), nameof(ModelVersion.StorageLocation))] = ArtifactUri,
        [(typeof(RegisteredModelTag), nameof(RegisteredModelTag.Value))] = RegistryTagValue,
        [(typeof(ModelVersionTag), nameof(ModelVersionTag.Value))] = RegistryTagValue,
        [(typeof(LoggedModel), nameof(LoggedModel.StatusMessage))] = StatusMessage,
        [(typeof(Dataset), nameof(Dataset.Source))] = DatasetSource,
        [(typeof(Dataset), nameof(Dataset.Schema))] = DatasetSchema,
        [(typeof(Dataset), nameof(Dataset.Profile))] = DatasetProfile,
        [(typeof(WorkspaceEntity), nameof(WorkspaceEntity.Description))] = WorkspaceDescription,
        [(typeof(WorkspaceEntity), nameof(WorkspaceEntity.DefaultArtifactRoot))] = WorkspaceArtifactRoot,
    };

    /// <summary>
    /// Text without a length rule: server-written snapshots of what was already validated, and the JSON documents of
    /// tracing (a span's content, an assessment's value, rationale, metadata and error), which MLflow stores unbounded
    /// too; the request body limit bounds them.
    /// </summary>
    private static readonly HashSet<(Type Entity, string Property)> Unlimited =
    [
        (typeof(AuditEvent), nameof(AuditEvent.Before)),
        (typeof(AuditEvent), nameof(AuditEvent.After)),
        (typeof(DataProtectionKeyRow), nameof(DataProtectionKeyRow.Xml)),
        (typeof(TraceSpan), nameof(TraceSpan.Content)),
        (typeof(Assessment), nameof(Assessment.Value)),
        (typeof(Assessment), nameof(Assessment.Rationale)),
        (typeof(Assessment), nameof(Assessment.Metadata)),
        (typeof(Assessment), nameof(Assessment.Error)),
    ];

    /// <summary>The length a stored string may have: the column's max length, else its entry above; null only for <see cref="Unlimited"/>.</summary>
    public static int? LimitOf(IReadOnlyProperty property)
    {
        if (property.GetMaxLength() is { } max)
            return max;
        if (TextColumnLimits.TryGetValue((property.DeclaringType.ClrType, property.Name), out var limit))
            return limit;
        // A foreign key column takes its type from the key it references (e.g. tags.run_uuid from runs.run_uuid).
        foreach (var fk in property.GetContainingForeignKeys())
        {
            var principal = fk.PrincipalKey.Properties[fk.Properties.ToList().IndexOf(property)];
            if (!ReferenceEquals(principal, property) && LimitOf(principal) is { } inherited)
                return inherited;
        }
        return null;
    }

    /// <summary>True when <paramref name="property"/> is deliberately stored without a length limit.</summary>
    public static bool IsUnlimited(IReadOnlyProperty property) => Unlimited.Contains((property.DeclaringType.ClrType, property.Name));

    public static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    /// <summary>NUL, then length; <paramref name="path"/> names the field as the client sent it (<c>tags[2].value</c>).</summary>
    public static Error? Check(string? value, string path, int limit) =>
        NoNul(value, path) ?? (value is not null && value.Length > limit ? TooLong(path, limit) : null);

    public static Error? NoNul(string? value, string path) => HasNul(value) ? NulError(path) : null;

    /// <summary>Runs <see cref="Check"/> over key/value pairs, naming each item by its index.</summary>
    public static Error? CheckPairs(IEnumerable<(string? Key, string? Value)> pairs, string path, int keyLimit, int valueLimit)
    {
        var i = 0;
        foreach (var (key, value) in pairs)
        {
            if ((Check(key, $"{path}[{i}].key", keyLimit) ?? Check(value, $"{path}[{i}].value", valueLimit)) is { } bad)
                return bad;
            i++;
        }
        return null;
    }

    public static Error NulError(string path) =>
        Error.InvalidParameter($"'{path}' contains the NUL character (\\u0000), which cannot be stored.");

    /// <summary>A NUL the services did not name a field for (a lookup or filter value).</summary>
    public static Error NulInRequest() =>
        Error.InvalidParameter("A value in the request contains the NUL character (\\u0000), which cannot be stored or looked up.");

    /// <summary>MLflow's current length message (validation.py).</summary>
    public static Error TooLong(string path, int limit) =>
        Error.InvalidParameter($"'{path}' exceeds the maximum length of {limit} characters");
}

/// <summary>A stored-text rule broken where no service check caught it first; the API answers it as the 400 it carries.</summary>
public sealed class StoredTextException(Error error) : Exception(error.Message)
{
    public Error Error { get; } = error;
}
