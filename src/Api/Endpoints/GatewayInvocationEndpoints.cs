using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Workspaces.Api.Auth;
using Workspaces.Api.Requests;
using Workspaces.Data;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// Invoking AI Gateway endpoints (reference §3.1): MLflow's unified route, its OpenAI-compatible route, and the OpenAI and
/// Anthropic passthroughs. The endpoint name resolves in the request's workspace (<c>X-MLFLOW-WORKSPACE</c>); no client
/// API key is needed, the stored one is injected. Errors are written as MLflow's FastAPI app writes them.
/// </summary>
public static class GatewayInvocationEndpoints
{
    public static void MapGatewayInvocationEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/gateway").WithTags("AI Gateway invocation");
        g.MapPost("/{endpointName}/mlflow/invocations", async (HttpContext http, string endpointName, GatewayInvoker invoker, ServerSettings settings) =>
        {
            var body = await ReadAsync(http, settings);
            if (body is null)
                return;
            var operation = body.ContainsKey("messages") ? GatewayOperation.Chat : body.ContainsKey("input") ? GatewayOperation.Embeddings : (GatewayOperation?)null;
            if (operation is null)
            {
                await GatewayRelay.DetailAsync(http, 400, "Invalid request: payload format must be either chat or embeddings");
                return;
            }
            await GatewayRelay.InvokeAsync(http, invoker, endpointName, operation.Value, body);
        }).Rule(AuthRule.Authenticated);
        MapByModel(g, "/mlflow/v1/chat/completions", GatewayOperation.Chat);
        MapByModel(g, "/openai/v1/chat/completions", GatewayOperation.OpenAiChat);
        MapByModel(g, "/openai/v1/embeddings", GatewayOperation.OpenAiEmbeddings);
        MapByModel(g, "/anthropic/v1/messages", GatewayOperation.AnthropicMessages);
    }

    /// <summary>A route whose endpoint is the body's <c>model</c> (removed before forwarding; the definition's model goes instead).</summary>
    private static void MapByModel(RouteGroupBuilder g, string path, GatewayOperation operation) =>
        g.MapPost(path, async (HttpContext http, GatewayInvoker invoker, ServerSettings settings) =>
        {
            var body = await ReadAsync(http, settings);
            if (body is null)
                return;
            if (!body.TryGetPropertyValue("model", out var model) || model is not JsonValue value || !value.TryGetValue<string>(out var name)
                || string.IsNullOrEmpty(name))
            {
                await GatewayRelay.DetailAsync(http, 400, "Missing required 'model' parameter in request body");
                return;
            }
            body.Remove("model");
            await GatewayRelay.InvokeAsync(http, invoker, name, operation, body);
        }).Rule(AuthRule.Authenticated);

    /// <summary>The body as a JSON object, or null after answering 400 (not JSON, not an object) or 413 (too large).</summary>
    private static async Task<JsonObject?> ReadAsync(HttpContext http, ServerSettings settings)
    {
        var limit = settings.MaxRequestBodyBytes;
        var bytes = http.Request.ContentLength > limit ? null : await JsonBody.ReadBoundedAsync(http.Request.Body, limit, http.RequestAborted);
        if (bytes is null)
        {
            await GatewayRelay.DetailAsync(http, 413, $"Request body larger than {limit} bytes");
            return null;
        }
        try
        {
            if (JsonNode.Parse(bytes) is JsonObject body)
                return body;
            await GatewayRelay.DetailAsync(http, 400, "Invalid JSON payload: the body must be a JSON object");
        }
        catch (JsonException ex)
        {
            await GatewayRelay.DetailAsync(http, 400, $"Invalid JSON payload: {ex.Message}");
        }
        return null;
    }
}
