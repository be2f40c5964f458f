using Workspaces.Data.Errors;

namespace Workspaces.Web.Components.Pages.Gateway;

// The endpoint page's playground and usage chart need the invocation layer (issue 14 §3), which is built apart from
// these pages. They ask for these two interfaces from the circuit's services and say "not available" while nothing
// implements them: register an adapter as a scoped service (AddWorkspacesUi or the host) and they light up.

/// <summary>
/// Sends a chat to an endpoint of the current workspace as the signed-in user and streams the answer. The implementation
/// resolves the endpoint in the bound workspace, decides authorization (USE on the endpoint) and records usage, like the
/// HTTP route; the page never calls the gateway over HTTP.
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
public sealed record PlaygroundRequest(string EndpointName, IReadOnlyList<PlaygroundMessage> Messages, double? Temperature, int? MaxTokens);

/// <summary>A piece of the answer, or the error that ended it; the last chunk may carry the token counts and the model that answered.</summary>
public sealed record PlaygroundChunk(string? Text, Error? Error = null, int? PromptTokens = null, int? CompletionTokens = null, string? Model = null);

/// <summary>
/// Usage of one endpoint over time, from the recorded calls (entity <c>GatewayUsage</c>). The implementation decides
/// authorization (READ on the endpoint) and answers "not found" for an endpoint of another workspace.
/// </summary>
public interface IGatewayUsageSource
{
    /// <summary>Calls in [<paramref name="fromMs"/>, <paramref name="toMs"/>) grouped by buckets of <paramref name="bucketMs"/>, oldest first; empty buckets may be left out.</summary>
    Task<Result<IReadOnlyList<GatewayUsageBucket>>> BucketsAsync(string endpointId, long fromMs, long toMs, long bucketMs, CancellationToken ct);
}

/// <summary>One bucket of calls: errors are calls with a status of 400 or more; latency is the mean over the bucket's calls.</summary>
public sealed record GatewayUsageBucket(long StartMs, int Calls, int Errors, long PromptTokens, long CompletionTokens, double MeanLatencyMs);
