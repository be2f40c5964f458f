using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Requests;

/// <summary>
/// A request's JSON object, read with MLflow's transport rules: JSON content type on POST/PUT/PATCH,
/// a size limit, an object root (or MLflow's legacy JSON-in-a-string), and typed field access whose
/// errors name the field in MLflow's words.
/// </summary>
public sealed partial class JsonBody
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
    private readonly JsonElement _root;

    private JsonBody(JsonElement root) => _root = root;

    public static JsonBody Empty { get; } = new(EmptyObject);

    /// <summary>Typed access to the body's fields.</summary>
    public FieldReader Reader => new(_root);

    public static async Task<Result<JsonBody>> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            if (CheckContentType(request.ContentType) is { } contentTypeError)
                return contentTypeError;
        }
        if (request.ContentLength > limit)
            return TooLarge(limit);
        var bytes = await ReadBoundedAsync(request.Body, limit, ct);
        if (bytes is null)
            return TooLarge(limit);
        if (bytes.Length == 0 || bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            return Empty;
        return Parse(bytes);
    }

    internal static Result<JsonBody> Parse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (FindUndecodableString(root) is { } bad)
                return bad;
            // MLflow still accepts a body that is a JSON string holding the JSON object (old clients).
            if (root.ValueKind == JsonValueKind.String)
            {
                using var inner = JsonDocument.Parse(root.GetString()!);
                root = inner.RootElement.Clone();
                if (FindUndecodableString(root) is { } badInner)
                    return badInner;
            }
            return root.ValueKind switch
            {
                JsonValueKind.Object => new JsonBody(root.Clone()),
                JsonValueKind.Null => Empty,
                _ => Error.BadRequest($"The request body must be a JSON object, got {TypeName(root)}."),
            };
        }
        catch (JsonException ex)
        {
            return Error.BadRequest($"Malformed JSON in request body: {ex.Message}");
        }
    }

    /// <summary>
    /// The parser accepts invalid UTF-8 inside strings and escaped lone surrogates (<c>"\ud800"</c>); only reading the
    /// string fails, with an <see cref="InvalidOperationException"/> deep in a handler. One walk at parse time turns
    /// such a body into a 400 before any field is read, so every reader after it can trust its strings.
    /// </summary>
    private static Error? FindUndecodableString(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Decodes(element) ? null : Undecodable(path);
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUndecodableString(item, $"{path}[{i++}]") is { } inItem)
                        return inItem;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return Undecodable(path.Length == 0 ? "a field name" : $"a field name in '{path}'");
                    }
                    if (FindUndecodableString(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } inValue)
                        return inValue;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool Decodes(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static Error Undecodable(string where) => Error.BadRequest(
        $"Malformed JSON in request body: {(where.Length == 0 ? "the body" : where.StartsWith("a field name", StringComparison.Ordinal) ? where : $"'{where}'")} "
        + "is not valid Unicode (invalid UTF-8 or a lone surrogate).");

    /// <summary>MLflow's wrong-type message (its two spaces before "Hint" included).</summary>
    public static Error InvalidValue(string name, JsonElement value) => Error.InvalidParameter(
        $"Invalid value {Compact(value)} for parameter '{name}' supplied:  Hint: Value was of type '{TypeName(value)}'. "
        + "See the API docs for more information about request parameters.");

    /// <summary><see cref="InvalidValue"/> without the value, for fields that may carry a credential.</summary>
    public static Error InvalidSecretValue(string name, JsonElement value) => Error.InvalidParameter(
        $"Invalid value for parameter '{name}' supplied (not repeated: it may hold a credential):  Hint: Value was of type '{TypeName(value)}'. "
        + "Expected a JSON object of string values. See the API docs for more information about request parameters.");

    private static Error? CheckContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return Error.InvalidParameter("Bad Request. Content-Type header is missing.");
        var mediaType = contentType.Split(';')[0].Trim();
        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            return null;
        var got = SafeContentType().IsMatch(contentType) ? $" Got '{contentType}'." : "";
        return Error.InvalidParameter($"Bad Request. Content-Type must be one of [application/json].{got}");
    }

    private static Error TooLarge(long limit) => Error.BadRequest($"The request body exceeds the limit of {limit} bytes.");

    internal static async Task<byte[]?> ReadBoundedAsync(Stream body, long limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var copy = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (copy.Length + read > limit)
                    return null;
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Python's type names, which MLflow's messages use.</summary>
    private static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Number => value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0 ? "float" : "int",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "list",
        JsonValueKind.Object => "dict",
        _ => "NoneType",
    };

    private static string Compact(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            value.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [GeneratedRegex(@"^[a-zA-Z0-9\-/;,+_ =]*$")]
    private static partial Regex SafeContentType();
}
