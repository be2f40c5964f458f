using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Providers;

// Placeholder until the provider layer merges (its version replaces this file).
public static class ProviderCatalog
{
    public static IReadOnlyList<string> Supported { get; } = ["anthropic", "azure", "openai"];

    public static Error? Validate(string? provider) => provider is not null && Supported.Contains(provider)
        ? null
        : Error.InvalidParameter($"Provider '{provider}' is not supported. Supported providers: {string.Join(", ", Supported)}.");
}
