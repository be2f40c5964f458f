using System.Net.Http.Headers;
using System.Text;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>Requests as one user (Basic or Bearer), in one workspace, like an MLflow client configured with credentials.</summary>
public sealed class AuthClient(HttpClient http, string? username, string? password, string? workspace = null, string? token = null)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public AuthClient In(string? ws) => new(http, username, password, ws, token);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null)
    {
        var request = Json(method, url, json, workspace);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (username is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return http.SendAsync(request, Ct);
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    /// <summary>A raw body (artifact uploads), with the caller's credentials.</summary>
    public Task<HttpResponseMessage> SendBytesAsync(HttpMethod method, string url, byte[] body)
    {
        var request = Json(method, url, null, workspace);
        request.Content = new ByteArrayContent(body);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (username is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        return http.SendAsync(request, Ct);
    }

    public Task<HttpResponseMessage> PostAsync(string url, string json) => SendAsync(HttpMethod.Post, url, json);
}
