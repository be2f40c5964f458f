using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Web.Components.Pages.Gateway;

/// <summary>
/// The playground on the gateway's own invoker, in process: the same resolution in the bound workspace, USE check,
/// routing, fallback and usage row as <c>POST /gateway/{endpoint}/mlflow/invocations</c>, with the answer read from the
/// provider's events as they arrive (OpenAI's chunk shape; Anthropic's is translated by the provider layer).
/// </summary>
public sealed class InvokerPlayground(GatewayInvoker invoker) : IGatewayPlayground
{
    public async IAsyncEnumerable<PlaygroundChunk> ChatAsync(PlaygroundRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var invoked = await invoker.InvokeAsync(request.EndpointName, GatewayOperation.Chat, Body(request), ct);
        if (!invoked.IsSuccess)
        {
            yield return new PlaygroundChunk(null, invoked.Error);
            yield break;
        }
        await using var call = invoked.Value;
        var response = call.Response;
        var status = response.StatusCode;
        string? model = null;
        try
        {
            if (!response.IsSuccess)
            {
                yield return new PlaygroundChunk(null, response.Error);
                yield break;
            }
            using var reader = new StreamReader(response.Body);
            if (!response.IsStream)
            {
                // Answered in one piece (already read by the provider layer): the whole completion at once.
                var whole = Parse(await reader.ReadToEndAsync(ct), stream: false);
                model = whole.Model;
                if (!string.IsNullOrEmpty(whole.Text))
                    yield return new PlaygroundChunk(whole.Text);
            }
            while (response.IsStream)
            {
                var (line, failure) = await ReadLineAsync(reader, ct);
                if (failure is not null)
                {
                    status = failure.Code == ErrorCode.DeadlineExceeded ? 504 : 502;
                    yield return new PlaygroundChunk(null, failure);
                    yield break;
                }
                if (line is null)
                    break;
                var (text, error, answeredBy) = Parse(line, response.IsStream);
                model = answeredBy ?? model;
                if (error is not null)
                {
                    status = 502;
                    yield return new PlaygroundChunk(null, error);
                    yield break;
                }
                if (!string.IsNullOrEmpty(text))
                    yield return new PlaygroundChunk(text);
            }
            var usage = response.Usage;
            yield return new PlaygroundChunk(null, null, usage?.PromptTokens, usage?.CompletionTokens, model);
        }
        finally
        {
            // Recorded also when the user stopped the answer, with a short budget of its own (the circuit's token may be gone).
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await invoker.RecordAsync(call, ct.IsCancellationRequested ? 499 : status, budget.Token);
        }
    }

    private static JsonObject Body(PlaygroundRequest request)
    {
        var messages = new JsonArray();
        foreach (var m in request.Messages)
            messages.Add(new JsonObject { ["role"] = m.Role, ["content"] = m.Content });
        var body = new JsonObject
        {
            ["messages"] = messages, ["stream"] = true, ["stream_options"] = new JsonObject { ["include_usage"] = true },
        };
        if (request.Temperature is { } temperature)
            body["temperature"] = temperature;
        if (request.MaxTokens is { } max)
            body["max_tokens"] = max;
        return body;
    }

    /// <summary>The next line, or why the provider's stream broke off (the route timeout, or the provider hanging up).</summary>
    private static async Task<(string? Line, Error? Failure)> ReadLineAsync(StreamReader reader, CancellationToken ct)
    {
        try
        {
            return (await reader.ReadLineAsync(ct), null);
        }
        catch (TimeoutException ex)
        {
            return (null, new Error(ErrorCode.DeadlineExceeded, ex.Message));
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            return (null, new Error(ErrorCode.BadGateway, ex.Message));
        }
    }

    /// <summary>
    /// One line of the answer: a server-sent event's <c>data:</c> with a chat chunk (or MLflow's final error chunk), or —
    /// when the provider answered in one piece — the whole completion.
    /// </summary>
    private static (string? Text, Error? Error, string? Model) Parse(string line, bool stream)
    {
        if (stream && !line.StartsWith("data:", StringComparison.Ordinal))
            return (null, null, null);
        var payload = stream ? line[5..].Trim() : line;
        if (payload.Length == 0 || payload == "[DONE]")
            return (null, null, null);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return (null, null, null); // not a chat chunk: nothing to show
        }
        if (node is not JsonObject chunk)
            return (null, null, null);
        if (chunk["error"] is JsonObject error)
            return (null, new Error(ErrorCode.BadGateway, error["message"]?.ToString() ?? error.ToJsonString()), null);
        var choice = (chunk["choices"] as JsonArray)?.FirstOrDefault();
        var text = (stream ? choice?["delta"]?["content"] : choice?["message"]?["content"]) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return (text, null, chunk["model"]?.ToString());
    }
}
