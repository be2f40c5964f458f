using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;

namespace Workspaces.Data.Tracing;

/// <summary>
/// The filters that look into stored JSON (reference §3): <c>span.content</c>, <c>span.attributes.&lt;key&gt;</c>,
/// <c>trace.text</c>, <c>prompt</c> and session-scoped assessments. All of them are SQL: JSON members are read by
/// <see cref="TraceDbFunctions"/>, text by LIKE.
/// </summary>
internal static class TraceContentFilters
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A span clause (name, type, status, content or an attribute) narrowing the span set.</summary>
    public static IQueryable<TraceSpan> Span(IQueryable<TraceSpan> spans, TraceClause c, bool mySql)
    {
        switch (c.Key)
        {
            case "name":
                return spans.Where(TracePredicates.Text<TraceSpan>(s => s.Name, c));
            case "type":
                return spans.Where(TracePredicates.Text<TraceSpan>(s => s.Type, c));
            case "status":
                return spans.Where(TracePredicates.Text<TraceSpan>(s => s.Status, c with { Text = SpanStatus(c.Text), List = c.List?.Select(SpanStatus).ToList()! }));
            case "content":
                return spans.Where(TracePredicates.Text<TraceSpan>(s => s.Content, c));
        }
        var key = c.Key[TraceFilter.SpanAttributePrefix.Length..];
        if (!TraceDbFunctions.IsPathSafe(key))
            return spans.Where(s => false);
        Expression<Func<TraceSpan, string?>> value = mySql
            ? s => EF.Functions.Collate(TraceDbFunctions.SpanAttribute(s.Content, key), BinaryCollation)
            : s => TraceDbFunctions.SpanAttribute(s.Content, key);
        return spans.Where(Attribute(value, c, mySql));
    }

    /// <summary>
    /// <c>trace.text</c>: any span of the trace whose name, type or content matches. The content holds the name and
    /// type too, but the columns are cheaper and match spans whose content was written by another server.
    /// </summary>
    public static IQueryable<TraceInfo> Text(TraceTables db, IQueryable<TraceInfo> query, TraceClause c)
    {
        var spans = db.Spans.Where(AnyOf(
            TracePredicates.Text<TraceSpan>(s => s.Name, c),
            TracePredicates.Text<TraceSpan>(s => s.Type, c),
            TracePredicates.Text<TraceSpan>(s => s.Content, c)));
        return query.Where(t => spans.Any(s => s.TraceId == t.RequestId));
    }

    /// <summary>
    /// <c>prompt = "name/version"</c>: the version appears in the trace's <c>mlflow.linkedPrompts</c> tag, as this
    /// server writes it (compact JSON) or as MLflow's Python client does (<c>", "</c> and <c>": "</c> separators).
    /// </summary>
    public static IQueryable<TraceInfo> Prompt(TraceTables db, IQueryable<TraceInfo> query, TraceClause c)
    {
        var compact = JsonSerializer.Serialize(new LinkedPrompt(c.Key, c.Text!), TracingJsonContext.Default.LinkedPrompt);
        var python = "{\"name\": " + JsonSerializer.Serialize(c.Key, Relaxed) + ", \"version\": " + JsonSerializer.Serialize(c.Text!, Relaxed) + "}";
        var (p1, p2) = ("%" + EscapeLike(compact) + "%", "%" + EscapeLike(python) + "%");
        var tags = db.Tags.Where(x => x.Key == TraceKeys.LinkedPrompts
            && (EF.Functions.Like(x.Value, p1, LikeEscape) || EF.Functions.Like(x.Value, p2, LikeEscape)));
        return query.Where(t => tags.Any(x => x.RequestId == t.RequestId));
    }

    /// <summary>
    /// Traces with a matching valid assessment of their own, or of their session: an assessment whose metadata names
    /// a session (<c>mlflow.trace.session</c>) counts for every trace of that session in the same experiment.
    /// </summary>
    public static IQueryable<TraceInfo> Assessed(TraceTables db, IQueryable<TraceInfo> query, IQueryable<Assessment> rows, bool negate)
    {
        var sessionKey = TraceKeys.Session;
        var sessions = db.Metadata.Where(m => m.Key == TraceKeys.Session);
        var owners = db.AllTraces;
        Expression<Func<TraceInfo, bool>> matched = t => rows.Any(a => a.TraceId == t.RequestId
            || (sessions.Any(m => m.RequestId == t.RequestId && TraceDbFunctions.Member(a.Metadata, sessionKey) != null
                    && m.Value == TraceDbFunctions.Member(a.Metadata, sessionKey))
                && owners.Any(o => o.RequestId == a.TraceId && o.ExperimentId == t.ExperimentId)));
        return query.Where(negate ? Expression.Lambda<Func<TraceInfo, bool>>(Expression.Not(matched.Body), matched.Parameters) : matched);
    }

    /// <summary>
    /// An attribute value is the JSON of the OpenTelemetry value, and MLflow's clients JSON-encode strings once more,
    /// so <c>gpt-4</c> may be stored as <c>gpt-4</c>, <c>"gpt-4"</c> or <c>"\"gpt-4\""</c>. Equality and patterns are
    /// tried against each encoding (both the escaped and the relaxed JSON forms), which keeps them exact on the value.
    /// </summary>
    private static Expression<Func<TraceSpan, bool>> Attribute(Expression<Func<TraceSpan, string?>> value, TraceClause c, bool mySql)
    {
        switch (c.Comparator)
        {
            case "=" or "!=" or "IN" or "NOT IN":
                var all = (c.List ?? [c.Text!]).SelectMany(Encodings).Distinct(StringComparer.Ordinal).ToList();
                var any = TracePredicates.Text(value, new TraceClause(c.Kind, c.Key, "IN", List: all));
                return c.Comparator is "=" or "IN" ? any : TracePredicates.Text(value, new TraceClause(c.Kind, c.Key, "NOT IN", List: all));
            case TraceFilter.RLike:
                return TracePredicates.Text(value, c, mySql);
            default:
                // MySQL's LIKE reads a backslash as an escape, so the JSON escapes of the encoded forms are doubled there.
                return Encodings(c.Text!).Select((p, i) => TracePredicates.Text(value, c with { Text = mySql && i > 0 ? p.Replace("\\", "\\\\", StringComparison.Ordinal) : p }))
                    .Aggregate(Or);
        }
    }

    private static IEnumerable<string> Encodings(string value)
    {
        yield return value;
        // The first layer as .NET writes it (escaped or relaxed) or as Python's json.dumps does; the second as stored.
        foreach (var first in new[] { JsonSerializer.Serialize(value, TracingJsonContext.Default.String), JsonSerializer.Serialize(value, Relaxed), PythonDumps(value) })
        {
            yield return first;
            yield return JsonSerializer.Serialize(first, TracingJsonContext.Default.String);
            yield return JsonSerializer.Serialize(first, Relaxed);
        }
    }

    /// <summary>Python's <c>json.dumps</c> of a string (ASCII-only, lowercase <c>\uXXXX</c>), as MLflow's clients encode attributes.</summary>
    private static string PythonDumps(string value)
    {
        var b = new StringBuilder("\"", value.Length + 2);
        foreach (var ch in value)
        {
            _ = ch switch
            {
                '"' => b.Append("\\\""),
                '\\' => b.Append("\\\\"),
                '\n' => b.Append("\\n"),
                '\r' => b.Append("\\r"),
                '\t' => b.Append("\\t"),
                '\b' => b.Append("\\b"),
                '\f' => b.Append("\\f"),
                < ' ' or > '\u007f' => b.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture)),
                _ => b.Append(ch),
            };
        }
        return b.Append('"').ToString();
    }

    private static Expression<Func<T, bool>> Or<T>(Expression<Func<T, bool>> a, Expression<Func<T, bool>> b) =>
        Expression.Lambda<Func<T, bool>>(Expression.OrElse(a.Body, new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body)), a.Parameters);

    private static Expression<Func<T, bool>> AnyOf<T>(params Expression<Func<T, bool>>[] all) => all.Aggregate(Or);

    private const string LikeEscape = "!";

    /// <summary>MySQL's function results take the connection's collation; the schema's binary one keeps LIKE case-sensitive.</summary>
    private const string BinaryCollation = "utf8mb4_bin";

    private static string EscapeLike(string s) => s.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal)
        .Replace("_", "!_", StringComparison.Ordinal);

    private static string SpanStatus(string? s) => SpanJson.ShortStatus(s ?? "");

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
