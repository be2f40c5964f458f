using Workspaces.Web.Components.Pages.Files;
using Workspaces.Web.Components.Shell;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>The preview pane's rules without rendering: which file gets which preview, sizes, and CSV records.</summary>
public sealed class ArtifactPreviewRulesTests
{
    [Theory]
    [InlineData("MLmodel", PreviewKind.Text)]
    [InlineData("conda.yaml", PreviewKind.Text)]
    [InlineData("train.py", PreviewKind.Text)]
    [InlineData("README.md", PreviewKind.Text)]
    [InlineData("metrics.json", PreviewKind.Json)]
    [InlineData("eval.CSV", PreviewKind.Table)]
    [InlineData("eval.tsv", PreviewKind.Table)]
    [InlineData("roc.PNG", PreviewKind.Image)]
    [InlineData("roc.svg", PreviewKind.Image)]
    [InlineData("page.html", PreviewKind.None)]
    [InlineData("model.pkl", PreviewKind.None)]
    [InlineData("weights", PreviewKind.None)]
    public void Kinds_follow_the_extension(string name, PreviewKind kind) => Assert.Equal(kind, ArtifactPreviews.KindOf(name));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(5 * 1024 * 1024, "5.0 MB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3.0 GB")]
    public void Sizes_read_in_binary_units(long bytes, string text) => Assert.Equal(text, Formats.Bytes(bytes));

    [Fact]
    public void Csv_records_keep_quoted_separators_quotes_and_line_breaks_and_skip_blank_lines()
    {
        var table = CsvTable.Parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",3", ',', 10);
        Assert.Equal(["a", "b"], table.Header);
        Assert.Equal([["x, y", "say \"hi\""], ["two\nlines", "3"]], table.Rows);
        Assert.False(table.Truncated);
    }

    [Fact]
    public void Csv_stops_after_the_row_limit_and_says_so()
    {
        var table = CsvTable.Parse("n\n1\n2\n3\n", ',', 2);
        Assert.Equal([["1"], ["2"]], table.Rows);
        Assert.True(table.Truncated);
        Assert.False(CsvTable.Parse("n\n1\n2\n", ',', 2).Truncated);
        Assert.Empty(CsvTable.Parse("", ',', 2).Header);
    }

    [Fact]
    public void Json_is_indented_and_invalid_json_is_refused() =>
        Assert.Equal(("{\n  \"a\": [\n    1\n  ]\n}", (string?)null),
            (ArtifactPreviews.PrettyJson("""{"a":[1]}""")!.ReplaceLineEndings("\n"), ArtifactPreviews.PrettyJson("{a")));
}
