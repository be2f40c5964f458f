namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// One model definition ready to call: its provider and model id, the decrypted secret (<c>api_key</c>) and the
/// secret's non-secret <c>auth_config</c> (<c>api_base</c>, <c>api_type</c>, <c>deployment_name</c>, …).
/// </summary>
public sealed record ProviderTarget(
    string Provider,
    string ModelName,
    IReadOnlyDictionary<string, string> Secret,
    IReadOnlyDictionary<string, string> AuthConfig)
{
    /// <summary>Names only: a target ends up in logs and exception messages, the decrypted secret must not.</summary>
    public override string ToString() => $"ProviderTarget {{ Provider = {Provider}, ModelName = {ModelName} }}";

    /// <summary>An <c>auth_config</c> value, null when absent or blank (the UI stores empty optional fields as "").</summary>
    public string? Config(string key) =>
        AuthConfig.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>A secret value, null when absent or blank.</summary>
    public string? SecretValue(string key) =>
        Secret.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
