using System.Text.Json.Serialization;

namespace Workspaces.Data.Tracing;

/// <summary>Source-generated JSON for the maps and lists the tracing tables keep as JSON text.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<LinkedPrompt>))]
[JsonSerializable(typeof(string))]
internal sealed partial class TracingJsonContext : JsonSerializerContext;

/// <summary>One entry of the <c>mlflow.linkedPrompts</c> tag.</summary>
public sealed record LinkedPrompt(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version);
