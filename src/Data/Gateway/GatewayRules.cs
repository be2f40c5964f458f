using System.Text.Json;
using System.Text.RegularExpressions;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway;

/// <summary>The gateway's ids, names and field rules, with MLflow's messages (reference mlflow-gateway.md §1, §2.1).</summary>
public static partial class GatewayRules
{
    // The routing words are the route selector's: one spelling for validation, storage and routing.
    public const string Primary = Providers.RouteSelector.Primary;
    public const string Fallback = Providers.RouteSelector.Fallback;
    public const string TrafficSplit = Providers.RouteSelector.TrafficSplit;
    public const string Sequential = "SEQUENTIAL";

    /// <summary>A server-made id: the prefix (<c>s-</c>, <c>d-</c>, <c>e-</c>, <c>m-</c>) and a uuid4 without dashes.</summary>
    public static string NewId(char prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static Error? Required(string? value, string field) => string.IsNullOrEmpty(value) ? Error.MissingParameter(field) : null;

    /// <summary>A stored name or text field: NUL and length, after the required check.</summary>
    public static Error? Text(string? value, string field, int limit) => StoredText.Check(value, field, limit);

    public static Error? EndpointName(string name) => EndpointNamePattern().IsMatch(name)
        ? Text(name, "name", StoredText.GatewayName)
        : Error.InvalidParameter($"Invalid endpoint name '{name}'. Name can only contain letters, numbers, underscores, hyphens, and dots.");

    /// <summary>A string map a client sends (secret values, auth_config): keys and values within the column rules.</summary>
    public static Error? Map(IReadOnlyDictionary<string, string>? map, string field)
    {
        if (map is null)
            return null;
        foreach (var (key, value) in map)
        {
            if ((StoredText.Check(key, $"{field}.key", StoredText.EntityKey) ?? StoredText.Check(value, $"{field}.{key}", StoredText.GatewayJson)) is { } bad)
                return bad;
        }
        return JsonSerializer.Serialize(map).Length > StoredText.GatewayJson ? StoredText.TooLong(field, StoredText.GatewayJson) : null;
    }

    public static string? ToJson(IReadOnlyDictionary<string, string>? map) => map is null || map.Count == 0 ? null : JsonSerializer.Serialize(map);

    public static IReadOnlyDictionary<string, string> FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return new Dictionary<string, string>();
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
    }

    public static string? FallbackToJson(GatewayFallbackConfig? config) =>
        config is null ? null : JsonSerializer.Serialize(new Dictionary<string, object?> { ["strategy"] = config.Strategy, ["max_attempts"] = config.MaxAttempts });

    public static GatewayFallbackConfig? FallbackFromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var strategy = root.TryGetProperty("strategy", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        int? max = root.TryGetProperty("max_attempts", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;
        return new GatewayFallbackConfig(strategy, max);
    }

    /// <summary>Routing strategy: absent, or the one MLflow knows.</summary>
    public static Error? RoutingStrategy(string? strategy) => string.IsNullOrEmpty(strategy) || strategy == TrafficSplit
        ? null
        : Error.InvalidParameter($"Invalid routing_strategy '{strategy}'. Valid values are: {TrafficSplit}");

    public static Error? FallbackConfig(GatewayFallbackConfig? config)
    {
        if (config is null)
            return null;
        if (config.Strategy is { Length: > 0 } strategy && strategy != Sequential)
            return Error.InvalidParameter($"Invalid fallback_config.strategy '{strategy}'. Valid values are: {Sequential}");
        return config.MaxAttempts is < 1 or > 100
            ? Error.InvalidParameter($"Invalid fallback_config.max_attempts {config.MaxAttempts}. It must be between 1 and 100")
            : null;
    }

    /// <summary>One model config of an endpoint: its definition id, a known linkage type, a weight in [0, 1000], an order ≥ 0.</summary>
    public static Error? ModelConfig(GatewayModelConfig config, string field)
    {
        if (Required(config.ModelDefinitionId, $"{field}.model_definition_id") is { } missing)
            return missing;
        if (config.LinkageType is { Length: > 0 } linkage && linkage != Primary && linkage != Fallback)
            return Error.InvalidParameter($"Invalid {field}.linkage_type '{linkage}'. Valid values are: {Primary}, {Fallback}");
        if (config.Weight is { } weight && (double.IsNaN(weight) || weight < 0 || weight > 1000))
            return Error.InvalidParameter($"Invalid {field}.weight {weight}. It must be between 0 and 1000");
        return config.FallbackOrder is < 0 ? Error.InvalidParameter($"Invalid {field}.fallback_order {config.FallbackOrder}. It must not be negative") : null;
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_\-.]+$")]
    private static partial Regex EndpointNamePattern();
}
