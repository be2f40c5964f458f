namespace Workspaces.Tests.Unit.Api.Otlp;

/// <summary>
/// Lets the OpenTelemetry exporter post through the in-process test server: its <c>HttpClientFactory</c> gets a client
/// on this handler, which re-sends each request through the fixture's client. A copy is sent because an HttpClient
/// refuses a request another one has already sent; the exporter's synchronous <c>Send</c> is served too.
/// </summary>
public sealed class TestServerForwarder(HttpClient server) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content, Version = request.Version };
        foreach (var header in request.Headers)
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        return server.SendAsync(copy, cancellationToken);
    }

    // The exporter's own thread blocks here; Task.Run keeps the wait off any test synchronization context.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.Run(() => SendAsync(request, cancellationToken), cancellationToken).GetAwaiter().GetResult();
}
