namespace Workspaces.Web.Components.Pages.ModelRegistry;

public enum DiffKind
{
    Unchanged,
    Removed,
    Added,
}

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>
/// A line diff of two prompt templates by longest common subsequence: what is not common to both is removed
/// (only in the old text) or added (only in the new), removals first where both happen at one place.
/// </summary>
public static class PromptDiff
{
    /// <summary>
    /// Above this many table cells the texts share too little to be worth aligning; templates are capped at
    /// 5,000 characters, so only pathological inputs get here, and they are shown as replaced whole.
    /// </summary>
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compare(string? oldText, string? newText)
    {
        var a = Lines(oldText);
        var b = Lines(newText);

        // The common head and tail need no table; edits to a template are usually local.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
            head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)])
            tail++;

        var result = new List<DiffLine>(a.Length + b.Length);
        result.AddRange(a[..head].Select(l => new DiffLine(DiffKind.Unchanged, l)));
        Middle(a[head..^tail], b[head..^tail], result);
        result.AddRange(a[^tail..].Select(l => new DiffLine(DiffKind.Unchanged, l)));
        return result;
    }

    private static void Middle(string[] a, string[] b, List<DiffLine> result)
    {
        if ((long)a.Length * b.Length > MaxCells)
        {
            result.AddRange(a.Select(l => new DiffLine(DiffKind.Removed, l)));
            result.AddRange(b.Select(l => new DiffLine(DiffKind.Added, l)));
            return;
        }

        // common[i, j]: length of the longest common subsequence of a[i..] and b[j..].
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        }

        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                result.Add(new DiffLine(DiffKind.Unchanged, a[x++]));
                y++;
            }
            else if (y == b.Length || (x < a.Length && common[x + 1, y] >= common[x, y + 1]))
            {
                result.Add(new DiffLine(DiffKind.Removed, a[x++]));
            }
            else
            {
                result.Add(new DiffLine(DiffKind.Added, b[y++]));
            }
        }
    }

    /// <summary>Empty text has no lines (not one empty line), so a first version shows as all added.</summary>
    private static string[] Lines(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
