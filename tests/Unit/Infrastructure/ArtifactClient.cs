using System.Net.Http.Headers;
using Workspaces.Data.Common;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>Raw-body requests as the MLflow client's artifact repository sends them (no JSON).</summary>
public sealed class ArtifactClient(IApiHost host)
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> GetAsync(string url, string? workspace) => SendAsync(HttpMethod.Get, url, workspace);

    public Task<HttpResponseMessage> PutAsync(string url, byte[] body, string? workspace) => SendAsync(HttpMethod.Put, url, workspace, body);

    public Task<HttpResponseMessage> PostBytesAsync(string url, byte[] body, string? workspace) => SendAsync(HttpMethod.Post, url, workspace, body);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? workspace, byte[]? body = null)
    {
        // The URL goes out exactly as written: encoded dots and slashes must reach the server unnormalised.
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }
        if (workspace is not null)
            request.Headers.TryAddWithoutValidation(WorkspaceNames.Header, workspace);
        return host.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, Ct);
    }
}
