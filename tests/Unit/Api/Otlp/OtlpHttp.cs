using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Workspaces.Data.Common;

namespace Workspaces.Tests.Unit.Api.Otlp;

/// <summary>Raw <c>POST /v1/traces</c> requests and the checks on their FastAPI-style answers.</summary>
public static class OtlpHttp
{
    public const string Path = "/v1/traces";

    public static HttpRequestMessage Request(byte[] body, string? contentType, string? experimentId, string? workspace, string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (encoding is not null)
            request.Content.Headers.ContentEncoding.Add(encoding);
        if (experimentId is not null)
            request.Headers.TryAddWithoutValidation("x-mlflow-experiment-id", experimentId);
        if (workspace is not null)
            request.Headers.TryAddWithoutValidation(WorkspaceNames.Header, workspace);
        return request;
    }

    public static HttpRequestMessage As(this HttpRequestMessage request, string user, string password)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return request;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(data);
        return output.ToArray();
    }

    /// <summary>Case 7's answer: 200, <c>application/x-protobuf</c>, an empty body.</summary>
    public static async Task AssertAcceptedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(body);
    }

    /// <summary>An error answer <c>{"detail": "…"}</c> with this status and text (or text prefix).</summary>
    public static async Task AssertDetailAsync(HttpResponseMessage response, int status, string detail, bool prefix = false)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        var actual = json.RootElement.GetProperty("detail").GetString()!;
        if (prefix)
            Assert.StartsWith(detail, actual, StringComparison.Ordinal);
        else
            Assert.Equal(detail, actual);
    }

    public static string NewTraceHex() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
}
