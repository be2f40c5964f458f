using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workspaces.Data;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Requests;

/// <summary>
/// Reads an RPC's fields the way MLflow's handlers do: GET (and DELETE) take the query string, where
/// a repeated key is a list; without query arguments they fall back to a JSON body. Other methods
/// take the JSON body (content type and size checked by <see cref="JsonBody"/>).
/// </summary>
public static class RequestFields
{
    private const string CacheKey = "mlflow.fields";

    /// <summary>Reads once per request: the authorization step and the handler share the parsed fields.</summary>
    public static async Task<Result<FieldReader>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HttpContext.Items.TryGetValue(CacheKey, out var cached) && cached is Result<FieldReader> known)
            return known;
        var read = await ReadUncachedAsync(request, ct);
        request.HttpContext.Items[CacheKey] = read;
        return read;
    }

    private static async Task<Result<FieldReader>> ReadUncachedAsync(HttpRequest request, CancellationToken ct)
    {
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsDelete(request.Method)) && request.Query.Count > 0)
            return FromQuery(request.Query);
        var limit = (request.HttpContext.RequestServices.GetService(typeof(ServerSettings)) as ServerSettings)?.MaxRequestBodyBytes
            ?? new ServerSettings().MaxRequestBodyBytes;
        var body = await JsonBody.ReadAsync(request, limit, ct);
        return body.IsSuccess ? body.Value.Reader : body.Error;
    }

    private static FieldReader FromQuery(IQueryCollection query)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, values) in query)
            {
                if (values.Count == 1)
                {
                    writer.WriteString(key, values[0]);
                    continue;
                }
                writer.WriteStartArray(key);
                foreach (var v in values)
                    writer.WriteStringValue(v);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return new FieldReader(doc.RootElement.Clone(), fromQuery: true);
    }
}
