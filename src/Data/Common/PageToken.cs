using System.Text;
using System.Text.Json;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Common;

/// <summary>MLflow's offset page tokens: base64 of <c>{"offset": n}</c>, so tokens stay portable between servers.</summary>
public static class PageToken
{
    public static string Create(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {offset}}}"));

    public static Result<int> ParseOffset(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return 0;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            return Error.InvalidParameter("Invalid page token, could not base64-decode");
        }
        try
        {
            using var doc = JsonDocument.Parse(decoded);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("offset", out var offset)
                && offset.ValueKind == JsonValueKind.Number && offset.TryGetInt32(out var n) && n > 0)
                return n;
            return Error.InvalidParameter($"Invalid page token, parsed value={decoded}");
        }
        catch (JsonException)
        {
            return Error.InvalidParameter($"Invalid page token, decoded value={decoded}");
        }
    }
}
