using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// One field of a provider's settings form: <c>Name</c> is its key in the secret value or in <c>auth_config</c>,
/// <c>Default</c> what the server uses when it is absent, <c>Choices</c> the allowed values of a choice field.
/// </summary>
public sealed record ProviderField(string Name, bool Required, string Description, string? Default = null, IReadOnlyList<string>? Choices = null);

/// <summary>The settings a provider takes: secret fields are encrypted at rest, <c>auth_config</c> fields are plain.</summary>
public sealed record ProviderSchema(string Provider, IReadOnlyList<ProviderField> SecretFields, IReadOnlyList<ProviderField> AuthConfigFields);

/// <summary>The providers this server can call natively, and the form each one needs.</summary>
public static class ProviderCatalog
{
    public const string OpenAi = "openai";
    public const string Azure = "azure";
    public const string Anthropic = "anthropic";

    /// <summary>Sorted, as MLflow's <c>supported-providers</c> lists them.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Anthropic, Azure, OpenAi];

    /// <summary>Anthropic's API version header when the secret names none: the version the translation here is written against.</summary>
    public const string DefaultAnthropicVersion = "2023-06-01";

    /// <summary>Anthropic requires <c>max_tokens</c>, OpenAI does not: the value a unified chat request without one gets.</summary>
    public const int DefaultAnthropicMaxTokens = 1024;

    private static readonly ProviderField ApiKey = new("api_key", true, "The provider's API key.");

    private static readonly Dictionary<string, ProviderSchema> Schemas = new(StringComparer.Ordinal)
    {
        [OpenAi] = new(OpenAi, [ApiKey],
        [
            new("api_base", false, "Base URL of the OpenAI API.", "https://api.openai.com/v1"),
            new("organization", false, "OpenAI organization id, sent as OpenAI-Organization."),
            new("api_type", false, "Set to azure or azuread to call an Azure OpenAI deployment with this key.", "openai", ["openai", "azure", "azuread"]),
            new("deployment_name", false, "Azure deployment (only with api_type azure or azuread)."),
            new("api_version", false, "Azure API version (only with api_type azure or azuread)."),
        ]),
        [Azure] = new(Azure, [ApiKey],
        [
            new("api_base", true, "Azure OpenAI resource URL, e.g. https://my-resource.openai.azure.com."),
            new("deployment_name", true, "Name of the model deployment."),
            new("api_version", true, "Azure OpenAI API version, e.g. 2024-06-01."),
            new("api_type", false, "azure sends the key as api-key; azuread sends it as a Bearer token.", "azure", ["azure", "azuread"]),
        ]),
        [Anthropic] = new(Anthropic, [ApiKey],
        [
            new("api_base", false, "Base URL of the Anthropic API.", "https://api.anthropic.com/v1"),
            new("version", false, "Value of the anthropic-version header.", DefaultAnthropicVersion),
        ]),
    };

    /// <summary>Null when the server can call <paramref name="provider"/>; else the 400 that names the supported ones.</summary>
    public static Error? Validate(string? provider) => provider is not null && Schemas.ContainsKey(provider)
        ? null
        : Error.InvalidParameter(
            $"Provider '{provider}' is not supported. Supported providers: {string.Join(", ", Supported)}.");

    /// <summary>The settings form of <paramref name="provider"/>, for the UI's <c>provider-config</c> route.</summary>
    public static Result<ProviderSchema> ProviderConfig(string? provider) =>
        Validate(provider) is { } error ? error : Schemas[provider!];

    /// <summary>
    /// How a target is actually called: an <c>openai</c> secret whose <c>api_type</c> is azure/azuread is an Azure
    /// deployment (MLflow's rule), so one OpenAI-style key can serve either service.
    /// </summary>
    internal static ProviderKind KindOf(ProviderTarget target) => target.Provider switch
    {
        Azure => ProviderKind.Azure,
        Anthropic => ProviderKind.Anthropic,
        _ when IsAzureApiType(target.Config("api_type")) => ProviderKind.Azure,
        _ => ProviderKind.OpenAi,
    };

    internal static bool IsAzureApiType(string? apiType) =>
        string.Equals(apiType, "azure", StringComparison.OrdinalIgnoreCase) || string.Equals(apiType, "azuread", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The wire protocol a target speaks.</summary>
internal enum ProviderKind
{
    OpenAi,
    Azure,
    Anthropic,
}
