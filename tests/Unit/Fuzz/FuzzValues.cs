using System.Text;
using CsCheck;

namespace Workspaces.Tests.Unit.Fuzz;

/// <summary>Switches that narrow what the generators send, each with the reason it exists.</summary>
public static class FuzzSwitches
{
    /// <summary>The variable that turns <see cref="NulAndOverLengthStringsOnPostgres"/> off (value <c>0</c>).</summary>
    public const string PostgresNulVariable = "WORKSPACES_FUZZ_PG_NUL";

    /// <summary>
    /// NUL characters (also <c>%00</c> in URLs) and strings over MLflow's length limits, sent to PostgreSQL. ON: PostgreSQL
    /// refuses NUL in text and enforces column lengths itself, so until the services check both before the database sees
    /// a value (the data-layer length/NUL branch) these requests answer 500 there and the PostgreSQL run is red. SQLite
    /// stores either, so it always gets them. Set <c>WORKSPACES_FUZZ_PG_NUL=0</c> to look at other PostgreSQL failures alone.
    /// </summary>
    public static bool NulAndOverLengthStringsOnPostgres { get; } = Environment.GetEnvironmentVariable(PostgresNulVariable) != "0";
}

/// <summary>
/// Generated leaf values as raw JSON text (so bodies can hold what a serializer would never write: lone surrogates,
/// <c>1e309</c>, NUL) and as text for query strings and route values.
/// </summary>
public sealed class FuzzValues(bool nulAndOverLength)
{
    /// <summary>Whether NUL and over-length strings are generated (see <see cref="FuzzSwitches"/>).</summary>
    public bool Nul => nulAndOverLength;

    /// <summary>Odd strings: boundaries of MLflow's length limits, Unicode edge cases, injection-looking text.</summary>
    public Gen<string> OddText { get; } = Gen.Frequency(
        (6, Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("a"), Gen.Const("\ud800"), Gen.Const("a\udc00b"), Gen.Const("\udbff"),
            Gen.Const("\u202eevil\u202c"), Gen.Const("\u200f\u200e"), Gen.Const("😀🚀"), Gen.Const("\ufeffbom"), Gen.Const("ﷺ\u0301\u0301"),
            Gen.Const(nulAndOverLength ? "%00" : "%01"), Gen.Const("%ff"), Gen.Const("../../etc/passwd"), Gen.Const("' OR 1=1 --"), Gen.Const("\"\\"),
            Gen.Const("null"), Gen.Const("NaN"), Gen.Const("Infinity"), Gen.Const("-1"), Gen.Const("0"), Gen.Const("9223372036854775808"),
            Gen.Const("1e309"), Gen.Const("true"), Gen.Const("DROP TABLE runs;--"), Gen.Const("a/b"), Gen.Const("workspaces/other/x"),
            Gen.Const("file:///etc/passwd"), Gen.Const("s3://bucket/key"), Gen.Const("C:\\x"), Gen.Const("\t\r\n"), Gen.Const("%2e%2e/x"),
            Gen.Const("m-0123456789abcdef0123456789abcdef"), Gen.Const("0123456789abcdef0123456789abcdef"), Gen.Const("*"), Gen.Const("%"),
            Gen.Const("Production"), Gen.Const("READ"), Gen.Const("default"), Gen.Const("_"))),
        (3, Gen.Int[0, 12].Select(n => new string('x', n))),
        (2, Gen.String[Gen.Char, 1, 40].Select(t => nulAndOverLength ? t : t.Replace('\0', ' '))),
        (2, Gen.OneOf(Gen.Const(250), Gen.Const(251), Gen.Const(256), Gen.Const(300), Gen.Const(500), Gen.Const(501), Gen.Const(5001),
            Gen.Const(6001), Gen.Const(8001)).Select(n => nulAndOverLength ? new string('y', n) : new string('y', Math.Min(n, 250)))),
        (1, Gen.Const(nulAndOverLength ? "nul\0inside" : "no-nul")),
        (1, Gen.Const(nulAndOverLength ? "\0" : "")),
        (1, Gen.Int[0, 20].Select(n => n == 0 && nulAndOverLength ? new string('z', 1 << 20) : "short")));

    /// <summary>Numbers as JSON text: zero, signs, 32/64-bit edges, beyond double, fractions.</summary>
    public Gen<string> Number { get; } = Gen.OneOf(
        Gen.Const("0"), Gen.Const("-1"), Gen.Const("1"), Gen.Const("5"), Gen.Const("2147483647"), Gen.Const("2147483648"),
        Gen.Const("-2147483649"), Gen.Const("9223372036854775807"), Gen.Const("-9223372036854775808"), Gen.Const("9223372036854775808"),
        Gen.Const("1e309"), Gen.Const("-1e309"), Gen.Const("1.5"), Gen.Const("-0.0"), Gen.Const("1e-400"), Gen.Const("100000000000000000000000000000"),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Any JSON value, nested a little: the "wrong type" half of every field.</summary>
    public Gen<string> AnyJson(int depth = 2)
    {
        var leaf = Gen.Frequency(
            (5, OddText.Select(Quote)),
            (3, Number),
            (1, Gen.OneOf(Gen.Const("true"), Gen.Const("false"), Gen.Const("null"))),
            (1, Gen.OneOf(Gen.Const("\"NaN\""), Gen.Const("\"Infinity\""), Gen.Const("\"-Infinity\""), Gen.Const("{}"), Gen.Const("[]"))));
        if (depth == 0)
            return leaf;
        var inner = AnyJson(depth - 1);
        return Gen.Frequency(
            (8, leaf),
            (1, inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(inner, inner, (k, v) => $"{{\"key\":{k},\"value\":{v}}}")),
            (1, Gen.Select(inner, Number, (v, t) => $"[{{\"key\":\"m1\",\"value\":{v},\"timestamp\":{t},\"step\":{t}}}]")));
    }

    /// <summary>
    /// A JSON string literal. Escapes by hand: control characters, quotes and every surrogate become <c>\uXXXX</c>, so
    /// a lone surrogate reaches the server as the escape a broken client would send.
    /// </summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (c < 0x20 || char.IsSurrogate(c) || c == 0x7f)
                sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Percent-encodes text for a URL. Lone surrogates are written as the bytes a lenient encoder would produce
    /// (<c>%ED%A0%80</c>, invalid UTF-8), and "%00"/"%ff" given literally are sent as they are.
    /// </summary>
    public static string UrlEncode(string text, bool keepSlashes = false)
    {
        if (text is "%00" or "%01" or "%ff" or "%2e%2e/x")
            return text;
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlashes && c == '/'))
            {
                sb.Append(c);
                continue;
            }
            byte[] bytes;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                bytes = Encoding.UTF8.GetBytes(text.Substring(i++, 2));
            else if (char.IsSurrogate(c))
                bytes = [(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))];
            else
                bytes = Encoding.UTF8.GetBytes(c.ToString());
            foreach (var b in bytes)
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
