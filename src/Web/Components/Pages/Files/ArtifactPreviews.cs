using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Artifacts;

namespace Workspaces.Web.Components.Pages.Files;

public enum PreviewKind
{
    None,
    Text,
    Json,
    Table,
    Image,
}

/// <summary>What the preview pane read: the text, or why there is none.</summary>
public sealed record PreviewText(string? Text, long Size, bool Missing = false, bool TooLarge = false, bool Binary = false);

/// <summary>Which files get which preview, and reading them with a bounded amount of memory.</summary>
public static class ArtifactPreviews
{
    /// <summary>Text is read into the circuit's memory and sent over its socket, so it stays small.</summary>
    public const int MaxTextBytes = 1024 * 1024;

    /// <summary>Images are fetched by the browser itself, so they may be larger; a huge one would still stall the page.</summary>
    public const long MaxImageBytes = 10 * 1024 * 1024;

    public const int MaxTableRows = 100;

    // MLflow's UI previews these as images; svg only ever goes into an img tag, where its scripts do not run.
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { "png", "jpg", "jpeg", "gif", "bmp", "webp", "svg" };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static PreviewKind KindOf(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        var extension = dot > 0 ? fileName[(dot + 1)..] : "";
        if (ImageExtensions.Contains(extension))
            return PreviewKind.Image;
        if (extension.Equals("csv", StringComparison.OrdinalIgnoreCase) || extension.Equals("tsv", StringComparison.OrdinalIgnoreCase))
            return PreviewKind.Table;
        if (extension.Equals("json", StringComparison.OrdinalIgnoreCase))
            return PreviewKind.Json;
        // The API serves exactly these as text/plain (MLflow's list: logs, yaml, py, md, MLmodel ...), so the two agree.
        return ArtifactMime.IsText(fileName) ? PreviewKind.Text : PreviewKind.None;
    }

    public static long LimitOf(PreviewKind kind) => kind == PreviewKind.Image ? MaxImageBytes : MaxTextBytes;

    public static char SeparatorOf(string fileName) => fileName.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';

    /// <summary>Reads a file for a text preview; never more than <see cref="MaxTextBytes"/>, even if the store misreports the size.</summary>
    public static async Task<PreviewText> ReadTextAsync(ArtifactLocation location, string path, CancellationToken ct)
    {
        var file = await location.OpenAsync(path, ct);
        if (file is null)
            return new PreviewText(null, 0, Missing: true);
        await using (file)
        {
            if (file.Length > MaxTextBytes)
                return new PreviewText(null, file.Length, TooLarge: true);
            var buffer = new byte[MaxTextBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await file.Content.ReadAsync(buffer.AsMemory(total), ct)) > 0)
                total += read;
            if (total > MaxTextBytes)
                return new PreviewText(null, total, TooLarge: true);
            var bytes = buffer.AsSpan(0, total);
            if (bytes.Contains((byte)0))
                return new PreviewText(null, total, Binary: true); // a NUL never appears in text a person would read
            return new PreviewText(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'), total);
        }
    }

    /// <summary>Indented JSON, or null when the text is not valid JSON (it is then shown as it is).</summary>
    public static string? PrettyJson(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })?.ToJsonString(Indented) ?? "null";
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
