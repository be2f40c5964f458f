namespace Workspaces.Web.Hosting;

/// <summary>
/// A command line after the server's flags were mapped: configuration keys, ASP.NET Core arguments, and the
/// command's own flags (in order; a switch has a null value).
/// </summary>
internal sealed record ParsedOptions
{
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> HostArgs { get; } = [];

    public List<(string Flag, string? Value)> CommandArgs { get; } = [];

    public bool Help { get; init; }
}
