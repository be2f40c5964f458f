using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Workspaces.Web.Components.Pages.Experiments;

/// <summary>
/// Markdown written by users (run descriptions) turned into HTML that cannot run script: raw HTML is written out as
/// text (DisableHtml), and links or images whose address is not http(s), mailto or relative lose it, since Markdig
/// keeps <c>javascript:</c> addresses as given.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().DisableHtml().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
                link.Url = "";
        }
        return document.ToHtml(Pipeline);
    }

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return true;
        // A scheme is whatever precedes the first ':' before any '/', '?' or '#'; browsers ignore control characters
        // and spaces in it, so those are removed before comparing.
        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        var end = cleaned.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (end >= 0 && end < colon))
            return true;
        var scheme = cleaned[..colon];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
