using Workspaces.Data.Errors;

namespace Workspaces.Web.Components.Pages.Gateway;

/// <summary>
/// Sends a chat to an endpoint of the current workspace as the signed-in user and streams the answer: what the endpoint
/// page's playground needs of the invocation layer. <see cref="InvokerPlayground"/> is the server's (in process, on
/// <c>GatewayInvoker</c>); the page never calls the gateway over HTTP.
/// </summary>
public interface IGatewayPlayground
{
    /// <summary>
    /// The answer's text as the provider streams it. A refusal or a provider error ends the stream as a last chunk with
    /// <see cref="PlaygroundChunk.Error"/> set (its message shown as is); cancelling <paramref name="ct"/> cancels the
    /// upstream call.
    /// </summary>
    IAsyncEnumerable<PlaygroundChunk> ChatAsync(PlaygroundRequest request, CancellationToken ct);
}

/// <summary>One message of the conversation: <c>system</c>, <c>user</c> or <c>assistant</c>.</summary>
public sealed record PlaygroundMessage(string Role, string Content);

/// <summary>A chat as the playground sends it; null settings leave the provider's defaults.</summary>
public sealed record PlaygroundRequest(string EndpointName, IReadOnlyList<PlaygroundMessage> Messages, double? Temperature = null, int? MaxTokens = null);

/// <summary>A piece of the answer, or the error that ended it; the last chunk carries the token counts and the model that answered.</summary>
public sealed record PlaygroundChunk(string? Text, Error? Error = null, long? PromptTokens = null, long? CompletionTokens = null, string? Model = null);
