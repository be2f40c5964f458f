using System.Net;
using System.Text.Json;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>Assertions on MLflow responses.</summary>
public static class ApiAssert
{
    public static async Task<JsonElement> Ok(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Checks status, error_code and that the message starts with <paramref name="messagePrefix"/>.</summary>
    public static async Task<string> Error(HttpResponseMessage response, HttpStatusCode status, string errorCode, string? messagePrefix = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(errorCode, doc.RootElement.GetProperty("error_code").GetString());
        var message = doc.RootElement.GetProperty("message").GetString()!;
        if (messagePrefix is not null)
            Assert.StartsWith(messagePrefix, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal); // never a stack trace
        return message;
    }
}
