using System.Text.Json.Nodes;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// One upstream POST, fully resolved: where, with which credentials, which body, and how to read the answer.
/// <c>TranslateAnthropicChat</c>: the body was translated from OpenAI chat to Anthropic messages, so the answer is
/// translated back; <c>IncludeUsage</c>: the caller asked for <c>stream_options.include_usage</c>.
/// </summary>
internal sealed record ProviderCall(
    Uri Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    JsonObject Body,
    bool Stream,
    bool TranslateAnthropicChat,
    bool IncludeUsage);

/// <summary>Turns a target, an operation and the caller's body into the upstream request (reference §3.3).</summary>
internal static class ProviderRequests
{
    private const string OpenAiBase = "https://api.openai.com/v1";
    private const string AnthropicBase = "https://api.anthropic.com/v1";

    public static Result<ProviderCall> Build(ProviderTarget target, GatewayOperation operation, JsonObject body)
    {
        if (ProviderCatalog.Validate(target.Provider) is { } unsupported)
            return unsupported;
        if (target.SecretValue("api_key") is not { } apiKey)
            return Error.InvalidParameter($"The secret for provider '{target.Provider}' has no 'api_key'.");

        // A copy: the route layer sends the same body again to the next fallback model, which must not see this one's edits.
        var payload = body.DeepClone().AsObject();
        var stream = payload["stream"] is JsonValue s && s.TryGetValue<bool>(out var on) && on;
        var includeUsage = payload["stream_options"]?["include_usage"] is JsonValue u && u.TryGetValue<bool>(out var inc) && inc;
        var kind = ProviderCatalog.KindOf(target);
        return kind switch
        {
            ProviderKind.OpenAi => OpenAi(target, operation, payload, apiKey, stream),
            ProviderKind.Azure => Azure(target, operation, payload, apiKey, stream),
            _ => Anthropic(target, operation, payload, apiKey, stream, includeUsage),
        };
    }

    private static Result<ProviderCall> OpenAi(ProviderTarget target, GatewayOperation operation, JsonObject payload, string apiKey, bool stream)
    {
        if (OpenAiPath(operation) is not { } path)
            return Unsupported(operation, target.Provider);
        if (BaseUrl(target, OpenAiBase) is not { } baseUrl)
            return BadBase(target);
        payload["model"] = target.ModelName;
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", "Bearer " + apiKey) };
        if (target.Config("organization") is { } organization)
            headers.Add(new("OpenAI-Organization", organization));
        return new ProviderCall(new Uri(baseUrl + "/" + path), headers, payload, stream, false, false);
    }

    private static Result<ProviderCall> Azure(ProviderTarget target, GatewayOperation operation, JsonObject payload, string apiKey, bool stream)
    {
        if (OpenAiPath(operation) is not { } path)
            return Unsupported(operation, target.Provider);
        if (BaseUrl(target, null) is not { } baseUrl)
            return target.Config("api_base") is null ? Missing(target, "api_base") : BadBase(target);
        if (target.Config("deployment_name") is not { } deployment)
            return Missing(target, "deployment_name");
        if (target.Config("api_version") is not { } version)
            return Missing(target, "api_version");

        // Azure picks the model by deployment; a "model" left in the body would be the gateway endpoint's name.
        payload.Remove("model");
        var bearer = string.Equals(target.Config("api_type"), "azuread", StringComparison.OrdinalIgnoreCase);
        var header = bearer ? new KeyValuePair<string, string>("Authorization", "Bearer " + apiKey) : new("api-key", apiKey);
        var url = $"{baseUrl}/openai/deployments/{Uri.EscapeDataString(deployment)}/{path}?api-version={Uri.EscapeDataString(version)}";
        return new ProviderCall(new Uri(url), [header], payload, stream, false, false);
    }

    private static Result<ProviderCall> Anthropic(
        ProviderTarget target, GatewayOperation operation, JsonObject payload, string apiKey, bool stream, bool includeUsage)
    {
        if (BaseUrl(target, AnthropicBase) is not { } baseUrl)
            return BadBase(target);
        JsonObject upstream;
        switch (operation)
        {
            case GatewayOperation.AnthropicMessages:
                payload["model"] = target.ModelName;
                upstream = payload;
                break;
            case GatewayOperation.Chat:
                var translated = AnthropicChat.ToMessagesRequest(payload, target.ModelName);
                if (!translated.IsSuccess)
                    return translated.Error;
                upstream = translated.Value;
                break;
            default:
                return Unsupported(operation, target.Provider);
        }
        KeyValuePair<string, string>[] headers =
        [
            new("x-api-key", apiKey),
            new("anthropic-version", target.Config("version") ?? ProviderCatalog.DefaultAnthropicVersion),
        ];
        return new ProviderCall(new Uri(baseUrl + "/messages"), headers, upstream, stream,
            operation == GatewayOperation.Chat, includeUsage);
    }

    /// <summary>The OpenAI path for an operation; null when the operation is not OpenAI-shaped.</summary>
    private static string? OpenAiPath(GatewayOperation operation) => operation switch
    {
        GatewayOperation.Chat or GatewayOperation.OpenAiChat => "chat/completions",
        GatewayOperation.Embeddings or GatewayOperation.OpenAiEmbeddings => "embeddings",
        _ => null,
    };

    /// <summary><c>auth_config.api_base</c> without a trailing slash, or the default; null when it is not an http(s) URL.</summary>
    private static string? BaseUrl(ProviderTarget target, string? fallback)
    {
        var configured = target.Config("api_base");
        if (configured is null)
            return fallback;
        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? configured.TrimEnd('/')
            : null;
    }

    private static Error Unsupported(GatewayOperation operation, string provider) => Error.InvalidParameter(operation switch
    {
        GatewayOperation.Embeddings or GatewayOperation.OpenAiEmbeddings => $"Embeddings are not supported by provider '{provider}'.",
        GatewayOperation.AnthropicMessages => $"The Anthropic messages API is not supported by provider '{provider}'; use an endpoint whose model is served by 'anthropic'.",
        _ => $"The OpenAI chat API is not supported by provider '{provider}'; use the unified chat route for this endpoint.",
    });

    private static Error Missing(ProviderTarget target, string field) =>
        Error.InvalidParameter($"Provider '{target.Provider}' needs '{field}' in the secret's auth_config to call Azure OpenAI.");

    private static Error BadBase(ProviderTarget target) =>
        Error.InvalidParameter($"The auth_config 'api_base' of provider '{target.Provider}' is not an http(s) URL.");
}
