namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// Model ids the UI suggests per provider (MLflow's <c>supported-models</c>). Suggestions only: a model definition may
/// name any id the provider accepts, and Azure lists none because its deployments are named by their owner.
/// </summary>
public static class ProviderModels
{
    private static readonly Dictionary<string, IReadOnlyList<string>> Suggested = new(StringComparer.Ordinal)
    {
        [ProviderCatalog.OpenAi] = ["gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini", "o3-mini", "text-embedding-3-large", "text-embedding-3-small"],
        [ProviderCatalog.Anthropic] = ["claude-haiku-4-5", "claude-opus-4-1", "claude-sonnet-4-5"],
        [ProviderCatalog.Azure] = [],
    };

    public static Errors.Result<IReadOnlyList<string>> For(string? provider) =>
        ProviderCatalog.Validate(provider) is { } invalid ? invalid : Errors.Result<IReadOnlyList<string>>.Success(Suggested[provider!]);
}
