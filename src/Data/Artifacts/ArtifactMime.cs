namespace Workspaces.Data.Artifacts;

/// <summary>
/// MLflow's TEXT_EXTENSIONS (case-sensitive): files served as text/plain so browsers never run them as html or script,
/// and the files the UI may preview as text. The API adds the other content types from ASP.NET's table.
/// </summary>
public static class ArtifactMime
{
    public const string Text = "text/plain";

    private static readonly HashSet<string> TextExtensions = new(StringComparer.Ordinal)
    {
        "txt", "log", "err", "cfg", "conf", "cnf", "cf", "ini", "properties", "prop", "hocon", "toml", "yaml", "yml", "xml", "json",
        "js", "py", "py3", "csv", "tsv", "md", "rst", "MLmodel", "mlproject",
    };

    /// <summary>A known text extension, or an extension-less name such as <c>MLmodel</c> that is one.</summary>
    public static bool IsText(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        return TextExtensions.Contains(dot > 0 ? fileName[(dot + 1)..] : fileName);
    }
}
