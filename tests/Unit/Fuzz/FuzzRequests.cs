using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Workspaces.Tests.Unit.Fuzz;

/// <summary>One mapped API route: its method (null for the fallbacks, which take any) and pattern.</summary>
public sealed record FuzzRoute(string? Method, RoutePattern Pattern)
{
    public string Template => Pattern.RawText ?? "";

    public override string ToString() => $"{Method ?? "*"} {Template}";
}

/// <summary>A generated request, kept as data so a failure can print exactly what was sent.</summary>
public sealed record FuzzRequest(string Method, string Url, byte[]? Body, string? ContentType, string? Authorization, string? Workspace)
{
    public string Describe()
    {
        var body = Body is null ? "(none)" : Printable(Body.Length > 600 ? Body[..600] : Body) + (Body.Length > 600 ? $"… ({Body.Length} bytes)" : "");
        var url = Url.Length > 400 ? Url[..400] + $"… ({Url.Length} chars)" : Url;
        return $"{Method} {url}\n  Authorization: {Authorization ?? "(none)"}\n  X-MLFLOW-WORKSPACE: {Printable(Workspace)}\n"
            + $"  Content-Type: {ContentType ?? "(none)"}\n  Body: {body}";
    }

    private static string Printable(string? text) => text is null ? "(none)"
        : string.Concat(text.Select(c => c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static string Printable(byte[] bytes)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes)
            sb.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        return sb.ToString();
    }
}

/// <summary>
/// Builds requests for a route: method, route values, query, body, content type, credentials and workspace header,
/// each usually right and sometimes wrong, drawn with CsCheck generators from one seeded <see cref="PCG"/>.
/// </summary>
public sealed class FuzzRequests(FuzzWorld world, FuzzFields fields, FuzzValues values, PCG pcg)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private static readonly Gen<string?> ContentTypes = Gen.Frequency(
        (16, Gen.Const<string?>((string?)"application/json")),
        (1, Gen.OneOf(Gen.Const<string?>((string?)null), Gen.Const<string?>((string?)"text/plain"), Gen.Const<string?>((string?)"application/json; charset=utf-16"),
            Gen.Const<string?>((string?)"application/x-www-form-urlencoded"), Gen.Const<string?>((string?)"multipart/form-data; boundary=x"),
            Gen.Const<string?>((string?)"application/jsonx"), Gen.Const<string?>((string?)"*/*"), Gen.Const<string?>((string?)"application/json;;;=="),
            Gen.Const<string?>((string?)"APPLICATION/JSON"), Gen.Const<string?>((string?)"application/octet-stream"))));

    private static readonly Gen<string> MalformedJson = Gen.OneOf(
        Gen.Const("{"), Gen.Const("{\"a\":}"), Gen.Const("[1,2]"), Gen.Const("42"), Gen.Const("\"str\""), Gen.Const("{\"a\":1,}"),
        Gen.Const("nul"), Gen.Const("{\"a\" 1}"), Gen.Const("{'a':1}"), Gen.Const("{\"a\":1}{\"b\":2}"), Gen.Const("\"{\\\"name\\\":1\""),
        Gen.Const("{\"a\":\"\\x\"}"), Gen.Const("{\"a\":\"\\u12\"}"), Gen.Const("{\"name\":\"a\",\"name\":\"b\"}"), Gen.Const("null"),
        Gen.Const("{\"a\":NaN}"), Gen.Const("{\"a\":Infinity}"), Gen.Const("{\"\\ud800\":1}"), Gen.Const("\"\\ud800\""),
        Gen.Int[60, 70].Select(d => new string('[', d) + new string(']', d)), Gen.Int[1, 2000].Select(d => "{\"a\":" + new string('[', d)));

    private T Draw<T>(Gen<T> gen) => gen.Generate(pcg, null, out _);

    private int Roll(int max) => Draw(Gen.Int[0, max - 1]);

    public FuzzRequest For(FuzzRoute route)
    {
        var method = route.Method is null || Roll(100) < 6 ? Methods[Roll(Methods.Length)] : route.Method;
        var names = FieldCatalog.For(route.Template);
        var url = new StringBuilder(FillRoute(route.Pattern));
        var queryFirst = method is "GET" or "DELETE" || route.Template.EndsWith("/upload-artifact", StringComparison.Ordinal);
        var withQuery = queryFirst ? Roll(10) < 9 : Roll(10) < 1;
        if (withQuery)
            AppendQuery(url, names);
        byte[]? body = null;
        if (!queryFirst || Roll(10) < 2 || route.Template.Contains("artifact", StringComparison.Ordinal))
            body = Body(names);
        return new FuzzRequest(method, url.ToString(), body, body is null ? null : Draw(ContentTypes), Authorization(), WorkspaceHeader());
    }

    private string FillRoute(RoutePattern pattern)
    {
        var sb = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            sb.Append('/');
            foreach (var part in segment.Parts)
            {
                if (part is RoutePatternLiteralPart literal)
                    sb.Append(literal.Content);
                else if (part is RoutePatternParameterPart parameter)
                    sb.Append(RouteValue(parameter));
                else if (part is RoutePatternSeparatorPart separator)
                    sb.Append(separator.Content);
            }
        }
        return sb.ToString();
    }

    private string RouteValue(RoutePatternParameterPart parameter)
    {
        if (Roll(10) < 5)
        {
            var real = parameter.Name switch
            {
                "workspaceName" => Roll(4) == 0 ? "default" : world.VictimWorkspace,
                "modelId" => world.LoggedModelId,
                "tagKey" => "t1",
                "artifactPath" => Roll(2) == 0 ? FuzzWorld.ArtifactFile : "dir",
                _ => "x",
            };
            return parameter.IsCatchAll ? FuzzValues.UrlEncode(real, keepSlashes: true) : FuzzValues.UrlEncode(real);
        }
        var odd = Roll(3) == 0 && parameter.IsCatchAll
            ? Draw(Gen.OneOf(Gen.Const(new string('a', 300)), Gen.Const("dir/file.txt/under-a-file"), Gen.Const("workspaces/other/x"),
                Gen.Const("a//b/./c"), Gen.Const(".artifact.uploading.x"), Gen.Const("%2e%2e/%2e%2e/etc"), Gen.Const(values.Nul ? "a%00b" : "a%01b"), Gen.Const("%ff%fe")))
            : Draw(values.OddText);
        return odd.Contains('%', StringComparison.Ordinal) && Roll(2) == 0 ? odd : FuzzValues.UrlEncode(odd, parameter.IsCatchAll);
    }

    private void AppendQuery(StringBuilder url, IReadOnlyList<string> names)
    {
        var separator = '?';
        foreach (var name in names)
        {
            if (Roll(10) >= 7)
                continue;
            foreach (var text in FuzzFields.QueryTexts(Draw(fields.For(name))))
            {
                url.Append(separator).Append(name).Append('=').Append(FuzzValues.UrlEncode(text));
                separator = '&';
            }
        }
        if (Roll(20) == 0)
            url.Append(separator).Append(Draw(Gen.OneOf(Gen.Const("=x"), Gen.Const("a=%ZZ"), Gen.Const("b=%"), Gen.Const(values.Nul ? "%00=1" : "%01=1"), Gen.Const("&&&"))));
    }

    private byte[] Body(IReadOnlyList<string> names)
    {
        switch (Roll(100))
        {
            case < 72:
                return Encoding.UTF8.GetBytes(ObjectJson(names));
            case < 80:
                return Encoding.UTF8.GetBytes(Draw(MalformedJson));
            case < 84:
                // Invalid UTF-8 inside a string, then outside one.
                return Roll(2) == 0 ? [.. "{\"name\":\"a"u8, 0xff, 0xfe, .. "\"}"u8] : [.. "{\"name\":"u8, 0xc3, .. "}"u8];
            case < 88:
                return [];
            case < 92:
                return Encoding.UTF8.GetBytes(FuzzValues.Quote(ObjectJson(names)));
            case < 96:
                // The truncated prefix of a plausible body.
                var full = ObjectJson(names);
                return Encoding.UTF8.GetBytes(full[..Roll(Math.Max(1, full.Length))]);
            default:
                return Encoding.UTF8.GetBytes(FuzzFields.Json(Draw(fields.Anything(2))));
        }
    }

    private string ObjectJson(IReadOnlyList<string> names)
    {
        var members = new List<KeyValuePair<string, object>>();
        foreach (var name in names)
        {
            if (Roll(10) < 8)
                members.Add(new(name, Draw(fields.For(name))));
        }
        if (Roll(10) == 0)
            members.Add(new(Draw(values.OddText), Draw(fields.Anything())));
        return FuzzFields.Json(members.ToArray());
    }

    private string? Authorization() => Roll(100) switch
    {
        < 72 => world.AdminBearer,
        < 84 => FuzzWorld.AdminBasic,
        < 88 => null,
        < 91 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"nobody-{Roll(1000)}:wrong")),
        < 93 => "Basic !!!not-base64",
        < 95 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon")),
        < 97 => "Bearer garbage-token-" + Roll(1000),
        < 98 => "Basic " + Convert.ToBase64String([0xff, 0x3a, 0xfe]),
        _ => "Digest username=\"admin\"",
    };

    private string? WorkspaceHeader() => Roll(100) switch
    {
        < 76 => FuzzWorld.Workspace,
        < 84 => null,
        < 88 => "default",
        < 90 => world.VictimWorkspace,
        _ => Draw(Gen.OneOf(Gen.Const("Bad_Name"), Gen.Const("nope-ws"), Gen.Const(""), Gen.Const("   "), Gen.Const(new string('a', 300)),
            Gen.Const("caf\u00e9"), Gen.Const("../x"), Gen.Const("default,team-a"), Gen.Const("%00"), Gen.Const("-"), Gen.Const("a--b"))),
    };
}
