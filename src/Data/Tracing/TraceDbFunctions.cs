using System.Data;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Workspaces.Data.Store;

namespace Workspaces.Data.Tracing;

/// <summary>
/// Reads members of the JSON the tracing tables keep as text (span dicts, assessment metadata) inside SQL, so trace
/// filters stay in the database. Each provider's context registers its own translation: SQLite <c>json_extract</c>,
/// PostgreSQL <c>json_extract_path_text</c>, MySQL/MariaDB <c>JSON_EXTRACT</c>. The C# bodies never run.
/// </summary>
public static class TraceDbFunctions
{
    /// <summary>The text of a top-level member of a JSON object (a JSON string unquoted once); null when absent.</summary>
    public static string? Member(string? json, string key) => throw new InvalidOperationException(nameof(Member) + " runs only in SQL.");

    /// <summary>The text of <c>attributes.&lt;key&gt;</c> in a span dict (see <see cref="Member"/>).</summary>
    public static string? SpanAttribute(string? content, string key) => throw new InvalidOperationException(nameof(SpanAttribute) + " runs only in SQL.");

    /// <summary>MySQL's regular-expression search, 1 when <paramref name="pattern"/> is found in <paramref name="input"/>.</summary>
    public static int RegexpInstr(string? input, string pattern) => throw new InvalidOperationException(nameof(RegexpInstr) + " runs only in SQL.");

    /// <summary>
    /// Keys the SQLite and MySQL JSON paths cannot quote (a double quote or a backslash): such a filter matches
    /// nothing rather than failing in the database.
    /// </summary>
    public static bool IsPathSafe(string key) => !key.Contains('"', StringComparison.Ordinal) && !key.Contains('\\', StringComparison.Ordinal);

    internal static void Register(ModelBuilder modelBuilder, DatabaseProvider provider)
    {
        modelBuilder.HasDbFunction(typeof(TraceDbFunctions).GetMethod(nameof(Member))!).HasTranslation(a => Extract(provider, a[0], a[1], null));
        modelBuilder.HasDbFunction(typeof(TraceDbFunctions).GetMethod(nameof(SpanAttribute))!).HasTranslation(a => Extract(provider, a[0], a[1], "attributes"));
        modelBuilder.HasDbFunction(typeof(TraceDbFunctions).GetMethod(nameof(RegexpInstr))!)
            .HasTranslation(a => new SqlFunctionExpression("REGEXP_INSTR", a, nullable: true, [true, true], typeof(int), null));
    }

    private static SqlExpression Extract(DatabaseProvider provider, SqlExpression json, SqlExpression key, string? parent)
    {
        var mapping = json.TypeMapping;
        var prefix = parent is null ? "$." : $"$.{parent}.";
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                // A quoted path label keeps dotted keys whole: $.attributes."similarity.threshold".
                var path = Function("printf", [Constant(prefix + "\"%s\"", key.TypeMapping), key], typeof(string), key.TypeMapping);
                // As text: a number member (a span attribute sent as an OpenTelemetry int or double) would otherwise
                // compare as a number, never equal to the filter's string.
                var extracted = Function("json_extract", [json, path], typeof(string), mapping);
                return new SqlUnaryExpression(ExpressionType.Convert, extracted, typeof(string), new StringTypeMapping("TEXT", DbType.String));
            case DatabaseProvider.Postgres:
                // The column is text: cast to json (not jsonb) to parse without normalising.
                var parsed = new SqlUnaryExpression(ExpressionType.Convert, json, typeof(string), new StringTypeMapping("json", DbType.String));
                List<SqlExpression> args = parent is null ? [parsed, key] : [parsed, Constant(parent, key.TypeMapping), key];
                return Function("json_extract_path_text", args, typeof(string), mapping);
            default:
                var mysqlPath = Function("CONCAT", [Constant(prefix + "\"", key.TypeMapping), key, Constant("\"", key.TypeMapping)], typeof(string), key.TypeMapping);
                return Function("JSON_UNQUOTE", [Function("JSON_EXTRACT", [json, mysqlPath], typeof(string), mapping)], typeof(string), mapping);
        }
    }

    /// <remarks>
    /// Arguments do not "propagate nullability": an absent member is NULL although no argument is, and EF would
    /// otherwise rewrite <c>f(x) IS NULL</c> into <c>x IS NULL</c>.
    /// </remarks>
    private static SqlFunctionExpression Function(string name, IReadOnlyList<SqlExpression> args, Type type, RelationalTypeMapping? mapping) =>
        new(name, args, nullable: true, args.Select(_ => false), type, mapping);

    private static SqlConstantExpression Constant(string value, RelationalTypeMapping? mapping) => new(value, typeof(string), mapping);
}
