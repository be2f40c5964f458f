using System.Text.Json;
using Workspaces.Web.Components.Pages.Traces;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>How the trace page reads span values: chat messages in their usual shapes, pretty JSON, typed assessment values, bars.</summary>
public sealed class SpanContentTests
{
    private static string Twice(string json) => JsonSerializer.Serialize(json);

    [Theory]
    [InlineData("""[{"role":"user","content":"hi"}]""")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"choices":[{"message":{"role":"user","content":"hi"}}]}""")]
    [InlineData("""{"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""")]
    public void Chat_messages_are_found_in_their_usual_shapes_and_encodings(string json)
    {
        foreach (var stored in new[] { json, Twice(json) })
        {
            var message = Assert.Single(SpanContent.Messages(stored) ?? []);
            Assert.Equal(new ChatMessage("user", "hi"), message);
        }
    }

    [Theory]
    [InlineData("""{"q":"x"}""")]
    [InlineData("""[{"content":"no role"}]""")]
    [InlineData("[]")]
    [InlineData("not json")]
    public void Other_values_are_not_chat(string json) => Assert.Null(SpanContent.Messages(json));

    [Fact]
    public void Values_are_shown_as_indented_json_or_plain_text()
    {
        Assert.Equal("{\n  \"q\": \"x\"\n}", SpanContent.Pretty(Twice("""{"q":"x"}""")).ReplaceLineEndings("\n"));
        Assert.Equal("plain answer", SpanContent.Pretty(Twice("plain answer")));
        // Chat text in any language, and '<' or '&', is shown as written, not as \u escapes.
        Assert.Equal("{\n  \"q\": \"café <b> & ü\"\n}", SpanContent.Pretty("""{"q":"caf\u00e9 <b> & ü"}""").ReplaceLineEndings("\n"));
        Assert.Equal("yes", SpanContent.Value("\"yes\""));
    }

    [Theory]
    [InlineData("0.8", "0.8")]
    [InlineData("true", "true")]
    [InlineData("yes", "\"yes\"")]
    [InlineData(" \"quoted\" ", "\"quoted\"")]
    [InlineData("[\"a\",\"b\"]", "[\"a\",\"b\"]")]
    public void Typed_values_become_json(string typed, string json) => Assert.Equal(json, SpanContent.ToJson(typed));

    [Fact]
    public void Bars_are_placed_relative_to_the_trace_and_never_vanish()
    {
        Assert.Equal((20.0, 10.0), SpanTime.Bar(200, 300, 0, 1000));
        Assert.Equal((50.0, 0.5), SpanTime.Bar(500, 500, 0, 1000));
        // A zero-length or open span at the trace's very end keeps a sliver inside the bar (this threw before).
        Assert.Equal((99.5, 0.5), SpanTime.Bar(1000, 1000, 0, 1000));
        Assert.Equal((0.0, 0.5), SpanTime.Bar(0, 0, 0, 0));
        Assert.Equal("1.5 ms", SpanTime.Format(1_500_000));
        Assert.Equal("2 s", SpanTime.Format(2_000_000_000));
    }
}
