using System.Globalization;
using System.Text.Json;
using Workspaces.Data.Errors;

namespace Workspaces.Api.Requests;

/// <summary>
/// Typed access to the fields of one JSON object (a request body or an element of a list in it),
/// with proto-JSON leniency (int64 as number or numeric string, doubles as "NaN"/"Infinity") and
/// MLflow's messages naming the field path (e.g. <c>metrics[3].value</c>).
/// </summary>
public sealed class FieldReader(JsonElement obj, string prefix = "", bool fromQuery = false)
{
    public string Path(string name) => prefix + name;

    public bool Has(string name) => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public Result<string?> OptString(string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Result<string?>.Success(null);
        return value.ValueKind == JsonValueKind.String ? value.GetString() : JsonBody.InvalidValue(Path(name), value);
    }

    /// <summary>Absent, null and "" are MLflow's "Missing value" error.</summary>
    public Result<string> RequiredString(string name)
    {
        var value = OptString(name);
        if (!value.IsSuccess)
            return value.Error;
        return string.IsNullOrEmpty(value.Value) ? Error.MissingParameter(Path(name)) : value.Value;
    }

    public Result<long?> OptLong(string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Result<long?>.Success(null);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
            return n;
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n))
            return n;
        return JsonBody.InvalidValue(Path(name), value);
    }

    public Result<long> RequiredLong(string name)
    {
        var value = OptLong(name);
        if (!value.IsSuccess)
            return value.Error;
        return value.Value is { } v ? v : Error.MissingParameter(Path(name));
    }

    /// <summary>A double as proto JSON allows it: a number, a numeric string, "NaN", "Infinity", "-Infinity".</summary>
    public Result<double?> OptDouble(string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Result<double?>.Success(null);
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d))
            return d;
        if (value.ValueKind == JsonValueKind.String && ParseDouble(value.GetString()!) is { } parsed)
            return parsed;
        return JsonBody.InvalidValue(Path(name), value);
    }

    public Result<bool?> OptBool(string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Result<bool?>.Success(null);
        if (fromQuery && value.ValueKind == JsonValueKind.String)
        {
            // GET arguments: MLflow's own check and message.
            var text = value.GetString()!;
            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
                return true;
            if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                return false;
            return Error.InvalidParameter($"Invalid boolean value: {text}, must be 'true' or 'false'.");
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => JsonBody.InvalidValue(Path(name), value),
        };
    }

    /// <summary>A list of strings; absent or null is empty.</summary>
    public Result<IReadOnlyList<string>> Strings(string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Array.Empty<string>();
        if (fromQuery && value.ValueKind == JsonValueKind.String)
            return new[] { value.GetString()! }; // one ?key=value of a repeated field
        if (value.ValueKind != JsonValueKind.Array)
            return JsonBody.InvalidValue(Path(name), value);
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                return JsonBody.InvalidValue(Path(name), value);
            list.Add(item.GetString()!);
        }
        return list;
    }

    /// <summary>A list of objects, each with its own reader (<c>name[i].</c> prefix); absent or null is empty.</summary>
    public Result<IReadOnlyList<FieldReader>> Objects(string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Array.Empty<FieldReader>();
        if (value.ValueKind != JsonValueKind.Array)
            return JsonBody.InvalidValue(Path(name), value);
        var list = new List<FieldReader>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                return JsonBody.InvalidValue($"{Path(name)}[{i}]", item);
            list.Add(new FieldReader(item, $"{Path(name)}[{i}]."));
            i++;
        }
        return list;
    }

    /// <summary>A proto <c>map&lt;string, string&gt;</c>: a JSON object of strings; absent or null is null.</summary>
    /// <param name="name">The field.</param>
    /// <param name="secret">The map holds credentials (gateway <c>secret_value</c>): a wrong-typed value is not repeated in the error.</param>
    public Result<IReadOnlyDictionary<string, string>?> OptStringMap(string name, bool secret = false)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Result<IReadOnlyDictionary<string, string>?>.Success(null);
        if (value.ValueKind != JsonValueKind.Object)
            return secret ? JsonBody.InvalidSecretValue(Path(name), value) : JsonBody.InvalidValue(Path(name), value);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return secret
                    ? JsonBody.InvalidSecretValue($"{Path(name)}.{property.Name}", property.Value)
                    : JsonBody.InvalidValue($"{Path(name)}.{property.Name}", property.Value);
            }
            map[property.Name] = property.Value.GetString()!;
        }
        return map;
    }

    /// <summary>The field's JSON text as sent (any kind), for values stored as JSON; absent or null is null.</summary>
    public string? OptRawJson(string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;

    /// <summary>A nested object; absent or null is null.</summary>
    public Result<FieldReader?> OptObject(string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Result<FieldReader?>.Success(null);
        return value.ValueKind == JsonValueKind.Object ? new FieldReader(value, Path(name) + ".") : JsonBody.InvalidValue(Path(name), value);
    }

    /// <summary>An enum given by name or proto number.</summary>
    public Result<string?> Enum(string name, IReadOnlyList<(int Number, string Name)> values)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return Result<string?>.Success(null);
        if (value.ValueKind == JsonValueKind.String && values.FirstOrDefault(v => v.Name == value.GetString()) is { Name: not null } byName)
            return byName.Name;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && values.FirstOrDefault(v => v.Number == n) is { Name: not null } byNumber)
            return byNumber.Name;
        return JsonBody.InvalidValue(Path(name), value);
    }

    internal static double? ParseDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
    };
}
