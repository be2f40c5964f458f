using System.Text.Json;
using Workspaces.Data.Errors;
using Workspaces.Data.Tracing;

namespace Workspaces.Tests.Unit.Ui;

/// <summary>
/// A three-span trace as MLflow's Python client sends it over OTLP: a CHAIN root with a session and a user, an LLM child
/// with chat messages and token usage, and a TOOL grandchild that failed with an exception.
/// </summary>
internal static class TraceUiArrange
{
    public const long Start = 1_700_000_000_000_000_000;
    public const string Question = "What is MLflow?";

    public sealed record Ids(string TraceId, string Root, string Llm, string Tool);

    /// <summary>MLflow's clients JSON-encode a value, and OpenTelemetry carries the result as a string: stored JSON-encoded once more.</summary>
    private static string Attr(object value) => JsonSerializer.Serialize(JsonSerializer.Serialize(value));

    private static string Str(string value) => JsonSerializer.Serialize(value);

    public static Ids NewIds()
    {
        string Span() => Guid.NewGuid().ToString("N")[..16];
        return new Ids(Guid.NewGuid().ToString("N"), Span(), Span(), Span());
    }

    public static IReadOnlyList<SpanRecord> Spans(Ids ids, string session = "sess-1", string user = "alice")
    {
        SpanRecord Make(string id, string? parent, string name, long fromMs, long toMs, string status, KeyValuePair<string, string>[] attributes,
            SpanEventRecord[]? events = null) =>
            new(ids.TraceId, id, parent, name, "SPAN_KIND_INTERNAL", Start + fromMs * 1_000_000, Start + toMs * 1_000_000, status, null,
                attributes, events ?? [], []);
        return
        [
            Make(ids.Root, null, "agent", 0, 1000, "STATUS_CODE_OK",
            [
                new(TraceKeys.SpanType, Str("CHAIN")),
                new(TraceKeys.SpanInputs, Attr(new { question = Question })),
                new(TraceKeys.SpanOutputs, Attr("MLflow is a platform")),
                new(TraceKeys.SessionAttribute, Str(session)),
                new(TraceKeys.UserAttribute, Str(user)),
            ]),
            Make(ids.Llm, ids.Root, "chat", 100, 600, "STATUS_CODE_OK",
            [
                new(TraceKeys.SpanType, Str("LLM")),
                new(TraceKeys.SpanInputs, Attr(new { messages = new[] { new { role = "system", content = "Be brief" }, new { role = "user", content = Question } } })),
                new(TraceKeys.SpanOutputs, Attr(new { choices = new[] { new { message = new { role = "assistant", content = "A platform" } } } })),
                new(TraceKeys.SpanTokenUsage, Attr(new { input_tokens = 10, output_tokens = 5, total_tokens = 15 })),
            ]),
            Make(ids.Tool, ids.Llm, "lookup", 200, 300, "STATUS_CODE_ERROR",
            [new(TraceKeys.SpanType, Str("TOOL")), new(TraceKeys.SpanInputs, Attr(new { key = "x" }))],
            [
                new SpanEventRecord("exception", Start + 300_000_000,
                [
                    new("exception.type", Str("ValueError")),
                    new("exception.message", Str("bad input x")),
                    new("exception.stacktrace", Str("Traceback (most recent call last):\n  File \"tool.py\", line 3")),
                ]),
            ]),
        ];
    }

    public static AssessmentInput Feedback(string name, string valueJson, string source = "bob") =>
        new(name, null, null, "HUMAN", source, "feedback", valueJson, null, null, "because", null, null, null, null);

    public static void Ok<T>(Result<T> result) => Assert.True(result.IsSuccess, result.Error?.Message);
}
