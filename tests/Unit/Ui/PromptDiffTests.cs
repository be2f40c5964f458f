using Workspaces.Web.Components.Pages.ModelRegistry;

namespace Workspaces.Tests.Unit.Ui;

public sealed class PromptDiffTests
{
    private static string Render(IReadOnlyList<DiffLine> lines) =>
        string.Join("|", lines.Select(l => (l.Kind switch { DiffKind.Added => "+", DiffKind.Removed => "-", _ => " " }) + l.Text));

    [Fact]
    public void Identical_texts_are_all_unchanged() =>
        Assert.Equal(" a| b| c", Render(PromptDiff.Compare("a\nb\nc", "a\nb\nc")));

    [Fact]
    public void An_inserted_line_is_added_in_place() =>
        Assert.Equal(" a|+new| b", Render(PromptDiff.Compare("a\nb", "a\nnew\nb")));

    [Fact]
    public void A_dropped_line_is_removed_in_place() =>
        Assert.Equal(" a|-gone| b", Render(PromptDiff.Compare("a\ngone\nb", "a\nb")));

    [Fact]
    public void A_changed_line_is_removed_then_added() =>
        Assert.Equal(" You are|-helpful.|+terse.| {{question}}", Render(PromptDiff.Compare("You are\nhelpful.\n{{question}}", "You are\nterse.\n{{question}}")));

    [Theory]
    [InlineData(null, "x\ny", "+x|+y")]
    [InlineData("x\ny", "", "-x|-y")]
    [InlineData("", null, "")]
    public void Against_nothing_every_line_is_added_or_removed(string? before, string? after, string expected) =>
        Assert.Equal(expected, Render(PromptDiff.Compare(before, after)));

    [Fact]
    public void Windows_line_ends_do_not_count_as_changes() =>
        Assert.Equal(" a| b", Render(PromptDiff.Compare("a\r\nb", "a\nb")));

    [Fact]
    public void Blank_lines_are_lines_too() =>
        Assert.Equal(" a|+| b", Render(PromptDiff.Compare("a\nb", "a\n\nb")));

    [Fact]
    public void The_longest_common_subsequence_is_kept_and_both_texts_can_be_read_back()
    {
        string[] before = ["a", "b", "c", "a", "b", "b", "a"];
        string[] after = ["c", "b", "a", "b", "a", "c"];
        var lines = PromptDiff.Compare(string.Join('\n', before), string.Join('\n', after));

        Assert.Equal(4, lines.Count(l => l.Kind == DiffKind.Unchanged));
        Assert.Equal(before, lines.Where(l => l.Kind != DiffKind.Added).Select(l => l.Text));
        Assert.Equal(after, lines.Where(l => l.Kind != DiffKind.Removed).Select(l => l.Text));
    }

    [Fact]
    public void Texts_too_different_to_align_are_shown_as_replaced_whole()
    {
        var before = string.Join('\n', Enumerable.Range(0, 2100).Select(i => $"old {i}"));
        var after = string.Join('\n', Enumerable.Range(0, 2100).Select(i => $"new {i}"));
        var lines = PromptDiff.Compare(before, after);

        Assert.Equal(2100, lines.TakeWhile(l => l.Kind == DiffKind.Removed).Count());
        Assert.Equal(2100, lines.SkipWhile(l => l.Kind == DiffKind.Removed).Count(l => l.Kind == DiffKind.Added));
    }
}
