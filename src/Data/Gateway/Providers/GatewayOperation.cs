namespace Workspaces.Data.Gateway.Providers;

/// <summary>What the caller asks a provider to do, which decides the upstream path and whether the body is translated.</summary>
public enum GatewayOperation
{
    /// <summary>MLflow's unified chat (OpenAI chat shape in and out), translated for providers that speak otherwise.</summary>
    Chat,

    /// <summary>MLflow's unified embeddings (OpenAI embeddings shape).</summary>
    Embeddings,

    /// <summary>A raw OpenAI chat-completions payload, relayed unchanged apart from <c>model</c>.</summary>
    OpenAiChat,

    /// <summary>A raw OpenAI embeddings payload, relayed unchanged apart from <c>model</c>.</summary>
    OpenAiEmbeddings,

    /// <summary>A raw Anthropic messages payload, relayed unchanged apart from <c>model</c>.</summary>
    AnthropicMessages,
}
