using System.Globalization;
using System.Text.RegularExpressions;
using Workspaces.Data.Errors;
using Workspaces.Data.Search;

namespace Workspaces.Data.Tracing;

internal enum TraceClauseKind
{
    Attribute,
    Tag,
    Metadata,
    Span,
    Feedback,
    Expectation,
    Prompt,
}

/// <summary>One validated comparison of the trace grammar; IS [NOT] NULL carries no value.</summary>
internal sealed record TraceClause(TraceClauseKind Kind, string Key, string Comparator, string? Text = null, long? Number = null, IReadOnlyList<string>? List = null);

/// <summary>The search_traces filter grammar of MLflow's SQL store (reference §3): comparisons joined by AND.</summary>
internal static partial class TraceFilter
{
    public const string Like = "LIKE", ILike = "ILIKE", RLike = "RLIKE", IsNull = "IS NULL", IsNotNull = "IS NOT NULL";

    private static readonly string[] Numeric = ["=", "!=", ">", ">=", "<", "<="];
    private static readonly string[] Text = ["=", "!=", Like, ILike, RLike];
    private static readonly string[] Nullable = ["=", "!=", Like, ILike, RLike, IsNull, IsNotNull];
    private static readonly string[] Listing = ["=", "!=", Like, ILike, RLike, "IN", "NOT IN"];
    private static readonly string[] Patterns = [Like, ILike];

    /// <summary>The prefix of <c>span.attributes.&lt;key&gt;</c> clause keys.</summary>
    public const string SpanAttributePrefix = "attributes.";
    private const string PromptFormat = "prompt = \"name/version\"";

    /// <summary>Attribute name (aliases resolved) → allowed comparators.</summary>
    private static readonly Dictionary<string, string[]> Attributes = new(StringComparer.Ordinal)
    {
        ["timestamp_ms"] = Numeric,
        ["execution_time_ms"] = Numeric,
        ["end_time_ms"] = Numeric,
        ["status"] = ["=", "!=", Like, ILike],
        ["name"] = Text,
        ["client_request_id"] = Text,
        ["run_id"] = ["="],
        ["request_id"] = ["=", "!=", Like, ILike, "IN", "NOT IN"],
        ["text"] = Patterns,
    };

    public static Result<List<TraceClause>> Parse(string? filter)
    {
        var clauses = new List<TraceClause>();
        if (string.IsNullOrWhiteSpace(filter))
            return clauses;
        if (SearchLimits.FilterLength(filter) is { } tooLong)
            return tooLong;
        var tokens = FilterTokenizer.Tokenize(filter);
        var (i, listValues) = (0, 0);
        while (i < tokens.Count)
        {
            if (clauses.Count > 0)
            {
                if (!tokens[i].IsKeyword("AND"))
                    return Invalid();
                i++;
            }
            if (i >= tokens.Count || tokens[i].Kind is not (TokenKind.Identifier or TokenKind.DoubleQuoted))
                return Invalid();
            var left = tokens[i++];
            var (comparator, width) = Comparator(tokens, i);
            if (comparator is null)
                return Invalid();
            i += width;
            Token? value = null;
            if (comparator is not (IsNull or IsNotNull))
            {
                if (i >= tokens.Count || tokens[i].Kind is not (TokenKind.Number or TokenKind.SingleQuoted or TokenKind.DoubleQuoted or TokenKind.List))
                    return Invalid();
                value = tokens[i++];
            }
            var (entity, rawKey) = FilterParser.SplitIdentifier(left.Text);
            var clause = Resolve(entity, FilterParser.TrimKey(rawKey), comparator, value);
            if (!clause.IsSuccess)
                return clause.Error;
            clauses.Add(clause.Value);
            if (clauses.Count > SearchLimits.MaxFilterTerms)
                return SearchLimits.TooManyTerms();
            // The run search's bound on IN values: each one becomes SQL parameters (span attributes several).
            if ((listValues += clause.Value.List?.Count ?? 0) > SearchLimits.MaxFilterListValues)
                return SearchLimits.TooManyListValues();
        }
        return clauses;
    }

    private static Result<TraceClause> Resolve(string? entity, string key, string comparator, Token? value)
    {
        TraceClauseKind kind;
        string[] allowed;
        switch (entity?.ToLowerInvariant())
        {
            case null when key == "prompt":
                return Prompt(comparator, value);
            case null or "trace" or "attributes" or "attribute":
                key = Alias(key);
                if (!Attributes.TryGetValue(key, out allowed!))
                    return Error.InvalidParameter($"Invalid attribute key '{key}'");
                kind = TraceClauseKind.Attribute;
                break;
            case "tag" or "tags":
                (kind, allowed) = (TraceClauseKind.Tag, Nullable);
                break;
            case "metadata" or "request_metadata":
                (kind, allowed) = (TraceClauseKind.Metadata, Nullable);
                break;
            case "span" when key == "content":
                if (!Patterns.Contains(comparator, StringComparer.Ordinal))
                    return Error.InvalidParameter($"span.content comparator '{comparator}' not one of ['LIKE', 'ILIKE']");
                (kind, allowed) = (TraceClauseKind.Span, Patterns);
                break;
            case "span" when key.StartsWith(SpanAttributePrefix, StringComparison.Ordinal) && key.Length > SpanAttributePrefix.Length:
                // Dotted keys stay whole (span.attributes.similarity.threshold); backticks may quote them.
                key = SpanAttributePrefix + FilterParser.TrimKey(key[SpanAttributePrefix.Length..]);
                (kind, allowed) = (TraceClauseKind.Span, Listing);
                break;
            case "span":
                if (key is not ("name" or "type" or "status"))
                    return Error.InvalidParameter($"Invalid span attribute '{key}'. Supported attributes: name, status, type, attributes.<attribute_name>.");
                (kind, allowed) = (TraceClauseKind.Span, Listing);
                break;
            case "feedback":
                (kind, allowed) = (TraceClauseKind.Feedback, Nullable);
                break;
            case "expectation":
                (kind, allowed) = (TraceClauseKind.Expectation, Nullable);
                break;
            default:
                return Error.InvalidParameter($"Invalid entity type '{entity}'");
        }
        if (!allowed.Contains(comparator, StringComparer.Ordinal))
            return Error.InvalidParameter($"Invalid comparator '{comparator}'");
        if (value is null)
            return new TraceClause(kind, key, comparator);
        if (kind == TraceClauseKind.Attribute && allowed == Numeric)
        {
            return value.Kind == TokenKind.Number && long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? new TraceClause(kind, key, comparator, Number: n)
                : Error.InvalidParameter($"Invalid numeric value '{value.Text}' for attribute '{key}'");
        }
        if (value.Kind == TokenKind.List)
        {
            if (comparator is not ("IN" or "NOT IN"))
                return Invalid();
            // Quoted items only; unlike run ids, span names and types keep their case.
            var items = ListItem().Matches(value.Text[1..^1]).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
            return items.Count == 0 ? Invalid() : new TraceClause(kind, key, comparator, List: items);
        }
        if (comparator is "IN" or "NOT IN")
            return Invalid();
        // Assessment values compare as strings ("true", "5"), so an unquoted number is taken as its text.
        var text = FilterParser.QuotedString(value) ?? value.Text;
        return new TraceClause(kind, key, comparator, Text: text);
    }

    /// <summary><c>prompt = "name/version"</c>: a trace linked to that prompt version (reference §3).</summary>
    private static Result<TraceClause> Prompt(string comparator, Token? value)
    {
        if (comparator != "=")
            return Error.InvalidParameter($"Invalid comparator '{comparator}' for prompts filter. Only '=' is supported with format: {PromptFormat}");
        var text = value is null ? null : FilterParser.QuotedString(value) ?? value.Text;
        var slash = text?.LastIndexOf('/') ?? -1;
        if (text is null || slash <= 0 || slash == text.Length - 1)
            return Error.InvalidParameter($"Invalid prompts filter value '{text}'. Expected format: {PromptFormat}");
        return new TraceClause(TraceClauseKind.Prompt, text[..slash], comparator, Text: text[(slash + 1)..]);
    }

    private static string Alias(string key) => key switch
    {
        "timestamp" => "timestamp_ms",
        "execution_time" => "execution_time_ms",
        "trace_id" => "request_id",
        "state" => "status",
        _ => key,
    };

    private static (string? Comparator, int Width) Comparator(List<Token> tokens, int i)
    {
        if (i >= tokens.Count)
            return (null, 0);
        var t = tokens[i];
        var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
        if (t.Kind == TokenKind.Operator)
            return (t.Text is "==" ? "=" : t.Text is "<>" ? "!=" : t.Text, 1);
        if (t.IsKeyword("LIKE") || t.IsKeyword("ILIKE") || t.IsKeyword("IN"))
            return (t.Text.ToUpperInvariant(), 1);
        if (t.Kind == TokenKind.Identifier && string.Equals(t.Text, RLike, StringComparison.OrdinalIgnoreCase))
            return (RLike, 1);
        if (t.IsKeyword("NOT") && next is not null && next.IsKeyword("IN"))
            return ("NOT IN", 2);
        if (t.IsKeyword("IS") && next is not null && next.IsKeyword("NULL"))
            return (IsNull, 2);
        if (t.IsKeyword("IS") && next is not null && next.IsKeyword("NOT") && i + 2 < tokens.Count && tokens[i + 2].IsKeyword("NULL"))
            return (IsNotNull, 3);
        return (null, 0);
    }

    [GeneratedRegex(@"'([^']*)'|""([^""]*)""")]
    private static partial Regex ListItem();

    private static Error Invalid() => Error.InvalidParameter("Invalid clause(s) in filter string");
}
