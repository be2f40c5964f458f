using System.Text.Json.Nodes;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Data.Gateway;

/// <summary>
/// What the usage trace of one call needs, gathered while the call runs. Exists only when the endpoint has an experiment
/// (reference §3.5: usage tracking on); <see cref="GatewayTraceWriter"/> turns it into spans once the call is over.
/// </summary>
internal sealed class GatewayTraceState(long experimentId, string endpointId, string endpointName, GatewayOperation operation, JsonObject input)
{
    public long ExperimentId { get; } = experimentId;

    public string EndpointId { get; } = endpointId;

    public string EndpointName { get; } = endpointName;

    public GatewayOperation Operation { get; } = operation;

    /// <summary>The payload as the client sent it (each provider attempt works on its own copy, so this one is unchanged).</summary>
    public JsonObject Input { get; } = input;

    /// <summary>Each model tried, in order; the last one's answer is the call's.</summary>
    public List<GatewayAttempt> Attempts { get; } = [];

    /// <summary>Set when the answer is streamed: it sees the chunks the client is sent.</summary>
    public ChatStreamCollector? Stream { get; set; }
}

/// <summary>One provider call of an invocation: the model tried, when (offsets from the call's start), and how it ended.</summary>
internal sealed record GatewayAttempt(string Provider, string Model, TimeSpan Start, TimeSpan End, int Status, string? Error, bool IsStream);
