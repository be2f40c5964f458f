using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workspaces.Data.Gateway.Providers;

/// <summary>
/// Calls LLM providers for the AI Gateway: one POST per call on a shared <see cref="HttpClient"/>, credentials injected
/// from the target's secret, the route timeout over the whole call (body included, as MLflow's total timeout), and
/// every failure turned into a <see cref="ProviderResponse"/> error instead of an exception — except cancellation by
/// the caller's token, which throws <see cref="OperationCanceledException"/> as usual.
/// </summary>
public sealed class ProviderClient(HttpClient http, GatewaySettings settings)
{
    /// <summary>Error bodies are read only this far: the message is all that is kept.</summary>
    private const int MaxErrorBody = 64 * 1024;

    /// <summary>
    /// The client to share for the process: pooled connections recycled so DNS changes are seen, decompression
    /// (MLflow sends <c>Accept-Encoding: gzip, deflate</c>), and no client-wide timeout because each call has its own.
    /// </summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProviderResponse> SendAsync(ProviderTarget target, GatewayOperation operation, JsonObject body, CancellationToken ct)
    {
        var built = ProviderRequests.Build(target, operation, body);
        if (!built.IsSuccess)
            return ProviderResponse.Failed(400, built.Error);
        var call = built.Value;

        var timeout = RouteTimeout();
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        HttpResponseMessage? response = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, call.Url)
            {
                Content = new StringContent(call.Body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            foreach (var (name, value) in call.Headers)
                request.Headers.TryAddWithoutValidation(name, value);

            // Headers only: a stream must reach the client as it is generated, not after the provider has finished.
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                return ProviderResponse.Failed(status, ProviderFailures.FromStatus(status, await ReadErrorAsync(response, cts.Token)));

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (call.Stream)
            {
                if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
                    return ProviderFailures.Unsupported(response.Content.Headers.ContentType);
                var contentType = call.TranslateAnthropicChat ? "text/event-stream" : response.Content.Headers.ContentType!.ToString();
                var observer = new SseUsageObserver();
                var upstream = new ProviderBodyStream(response, await response.Content.ReadAsStreamAsync(cts.Token), cts, observer, timeout, ct);
                // The stream owns the response and the token source from here on.
                (response, cts) = (null, null);
                Stream relayed = call.TranslateAnthropicChat
                    ? AnthropicChatStream.Translate(upstream, target.ModelName, call.IncludeUsage, DateTimeOffset.UtcNow.ToUnixTimeSeconds())
                    : upstream;
                return ProviderResponse.Streamed(status, contentType, relayed, observer);
            }

            if (!IsJson(mediaType))
                return ProviderFailures.Unsupported(response.Content.Headers.ContentType);
            var bytes = await response.Content.ReadAsByteArrayAsync(cts.Token);
            if (call.TranslateAnthropicChat)
            {
                if (ParseObject(bytes) is not { } message)
                    return ProviderFailures.NotJson();
                var completion = AnthropicChat.ToChatCompletion(message, target.ModelName, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                bytes = JsonSerializer.SerializeToUtf8Bytes(completion);
            }
            return ProviderResponse.Buffered(status, "application/json", bytes, UsageExtractor.FromJson(bytes));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProviderFailures.TimedOut(target, timeout);
        }
        catch (HttpRequestException ex)
        {
            return ProviderFailures.Unreachable(target, call.Url, ex);
        }
        catch (IOException ex)
        {
            return ProviderFailures.Unreachable(target, call.Url, ex);
        }
        finally
        {
            response?.Dispose();
            cts?.Dispose();
        }
    }

    /// <summary>The route timeout, kept within what a timer accepts (about 24 days); zero or less means "no limit".</summary>
    private TimeSpan RouteTimeout()
    {
        var max = TimeSpan.FromMilliseconds(int.MaxValue - 1);
        var configured = settings.RouteTimeout;
        return configured <= TimeSpan.Zero || configured > max ? max : configured;
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static JsonObject? ParseObject(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The start of an error body, as text.</summary>
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxErrorBody];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
