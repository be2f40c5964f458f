using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>The errors a provider call ends in, with the messages the client sees (reference §3.4).</summary>
internal static class ProviderFailures
{
    /// <summary>Longest raw body kept as a message when the provider's error is not JSON (an HTML proxy page, say).</summary>
    private const int MaxMessage = 2000;

    /// <summary>A provider's non-2xx answer: its status stays, the message is its <c>error.message</c> or its body.</summary>
    public static Error FromStatus(int status, string body) => new(CodeFor(status), MessageOf(status, body));

    public static ProviderResponse Unreachable(ProviderTarget target, Uri url, Exception ex) => ProviderResponse.Failed(502, new Error(
        ErrorCode.BadGateway,
        $"Could not reach provider '{target.Provider}' at {url.GetLeftPart(UriPartial.Authority)}: {ex.Message}"));

    public static ProviderResponse TimedOut(ProviderTarget target, TimeSpan timeout) => ProviderResponse.Failed(504, new Error(
        ErrorCode.DeadlineExceeded,
        $"Provider '{target.Provider}' did not answer within {timeout.TotalSeconds:0.###} seconds (MLFLOW_GATEWAY_ROUTE_TIMEOUT_SECONDS)."));

    /// <summary>MLflow's 502 for a 2xx answer the gateway cannot relay.</summary>
    public static ProviderResponse Unsupported(MediaTypeHeaderValue? contentType) => ProviderResponse.Failed(502, new Error(
        ErrorCode.BadGateway,
        $"The returned data type from the route service is not supported. Content-Type: '{contentType?.ToString() ?? "none"}'."));

    public static ProviderResponse NotJson() => ProviderResponse.Failed(502, new Error(
        ErrorCode.BadGateway, "The route service answered with a body that is not a JSON object."));

    /// <summary>The MLflow code nearest to a provider status, for callers that log by code; the status itself is kept.</summary>
    private static ErrorCode CodeFor(int status) => status switch
    {
        401 => ErrorCode.Unauthenticated,
        403 => ErrorCode.PermissionDenied,
        404 => ErrorCode.ResourceDoesNotExist,
        429 => ErrorCode.RequestLimitExceeded,
        502 => ErrorCode.BadGateway,
        503 => ErrorCode.TemporarilyUnavailable,
        504 => ErrorCode.DeadlineExceeded,
        >= 500 => ErrorCode.InternalError,
        _ => ErrorCode.BadRequest,
    };

    private static string MessageOf(int status, string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return $"The provider answered HTTP {status} without a body.";
        try
        {
            // OpenAI and Anthropic: {"error": {"message": …}}; some proxies put a bare string under "error".
            var error = JsonNode.Parse(body)?["error"];
            var message = error is JsonObject ? AnthropicChat.Text(error["message"]) : AnthropicChat.Text(error);
            if (!string.IsNullOrEmpty(message))
                return message;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or JSON that is not an object: the body itself is the message.
        }
        var text = body.Trim();
        return text.Length <= MaxMessage ? text : text[..MaxMessage] + "…";
    }
}
