using System.Text;
using CsCheck;

namespace Workspaces.Tests.Unit.Fuzz;

/// <summary>A JSON literal given as text (a number, true, null) — a field value that is not a string.</summary>
public sealed record RawJson(string Json);

/// <summary>
/// Field values, plausible for the field's name (real ids from <see cref="FuzzWorld"/>, valid enums, filters, page
/// tokens) or deliberately wrong. A value is a string, <see cref="RawJson"/>, <c>object[]</c> (a list) or
/// <c>KeyValuePair&lt;string, object&gt;[]</c> (an object), so it can be written as JSON or as query arguments.
/// </summary>
public sealed class FuzzFields(FuzzWorld world, FuzzValues values)
{
    private static readonly Gen<string> Filters = Gen.OneOf(
        Gen.Const("name = 'x'"), Gen.Const("metrics.m1 > 1"), Gen.Const("params.p1 = 'v1'"), Gen.Const("tags.t1 LIKE '%'"),
        Gen.Const("attributes.status = 'RUNNING'"), Gen.Const("name LIKE 'fuzz%' AND tags.t1 = 'v'"), Gen.Const("run_id IN ('a','b')"),
        Gen.Const("metrics.m1 > 1e309"), Gen.Const("metrics.m1 = 'x'"), Gen.Const("((("), Gen.Const("name = 'a' OR name = 'b'"),
        Gen.Const("version_number > 9223372036854775808"), Gen.Const("creation_time > -1"), Gen.Const("tags.`a b` = '\ud800'"),
        Gen.Const("name ILIKE '%\\%'"), Gen.Const("datasets.name = 'd'"), Gen.Const("name = \"x\""), Gen.Const("= = ="), Gen.Const(";"));

    private static readonly Gen<string> OrderBys = Gen.OneOf(
        Gen.Const("name"), Gen.Const("name DESC"), Gen.Const("metrics.m1 ASC"), Gen.Const("params.p1"), Gen.Const("creation_time"),
        Gen.Const("start_time DESC"), Gen.Const("version_number"), Gen.Const("bogus"), Gen.Const("name ASC DESC"), Gen.Const("tags.`t1`"));

    public Gen<string> PageToken { get; } = Gen.Frequency(
        (10, Gen.OneOf(Gen.Const("e30="), B64("""{"offset": -1}"""), B64("""{"offset": 0}"""), B64("""{"offset": 1}"""),
            B64("""{"offset": 2147483646}"""), B64("""{"offset": 2147483647}"""), B64("""{"offset": 2147483648}"""),
            B64("""{"offset": 9223372036854775807}"""), B64("""{"offset": 1e309}"""), B64("""{"offset": "5"}"""), B64("""{"offset": null}"""),
            B64("null"), B64("[]"), B64("\"x\""), B64("""{"offset": 1, "x": "\ud800"}"""), Gen.Const(Convert.ToBase64String([0xff, 0xfe, 0x7b])),
            Gen.Const("!!!"), Gen.Const("abc"), Gen.Const("a=b"), Gen.Const("===="), Gen.Const(" "), Gen.Const("-_-_"),
            B64("""{"Offset": 1}"""), B64("""{"ExperimentIds": null, "Offset": 1}"""), B64("""{"ExperimentIds": [null], "OrderBy": [null], "Offset": 1}"""),
            B64("""{"ExperimentIds": [], "FilterString": null, "OrderBy": null, "Offset": 1}"""),
            B64("""{"ExperimentIds": [], "OrderBy": [], "Offset": -3}"""), B64("""{"ExperimentIds": "x", "Offset": 1}"""),
            B64("""{"ExperimentIds": [], "OrderBy": [{"FieldName": null, "Ascending": "x"}], "Offset": 2147483647}"""))),
        (2, Gen.Byte.Array[0, 64].Select(b => Convert.ToBase64String(b))),
        (1, Gen.Const(new string('A', 10_000))));

    private static Gen<string> B64(string json) => Gen.Const(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

    private Gen<string> Text => values.OddText;

    private Gen<object> Num => values.Number.Select(n => (object)new RawJson(n));

    private static Gen<object> Strs(params string[] options) => Gen.OneOf(options.Select(o => Gen.Const((object)o)).ToArray());

    private static Gen<object> Real(Func<string> value) => Gen.Const(() => (object)value());

    private Gen<object> Paths => Gen.OneOf(Strs(FuzzWorld.ArtifactFile, "dir", "", "new/file.bin", "dir/file.txt/under-a-file", "../x",
        "workspaces/fuzz-ws/x", "workspaces/other/x", "a//b", "./a", new string('p', 300), $"d/{new string('q', 256)}"), Text.Select(t => (object)t));

    /// <summary>A value for <paramref name="field"/>: plausible about half the time, anything otherwise.</summary>
    public Gen<object> For(string field) => Gen.Frequency((5, Plausible(field)), (4, Anything()));

    public Gen<object> Anything(int depth = 1)
    {
        var leaf = Gen.Frequency((5, Text.Select(t => (object)t)), (3, Num),
            (1, Gen.OneOf(Gen.Const((object)new RawJson("true")), Gen.Const((object)new RawJson("false")), Gen.Const((object)new RawJson("null")))));
        if (depth == 0)
            return leaf;
        return Gen.Frequency((6, leaf), (1, Anything(depth - 1).Array[0, 3].Select(a => (object)a.ToArray())),
            (1, KeyValues(Text.Select(t => (object)t))), (1, Gen.Const((object)new RawJson("{}"))));
    }

    private Gen<object> KeyValues(Gen<object> value) =>
        Gen.Select(Gen.Frequency((3, Strs("m1", "p1", "t1", "k", "mlflow.runName")), (1, Text.Select(t => (object)t))), value,
            (k, v) => (object)new[] { Kv("key", k), Kv("value", v) }).Array[0, 4].Select(a => (object)a);

    private static KeyValuePair<string, object> Kv(string key, object value) => new(key, value);

    private Gen<object> Plausible(string field) => field switch
    {
        "experiment_id" => Gen.Frequency((4, Real(() => world.ExperimentId)), (1, Strs("0", "999999", "-1", "1e3", "9223372036854775808")), (1, Num)),
        "experiment_ids" => Gen.OneOf(Real(() => world.ExperimentId).Select(e => (object)new[] { e }), Gen.Const((object)Array.Empty<object>())),
        "run_id" or "run_uuid" or "source_run_id" => Gen.Frequency((4, Real(() => world.RunId)), (1, Strs("0123456789abcdef0123456789abcdef", "RUN"))),
        "run_ids" => Real(() => world.RunId).Array[0, 3].Select(a => (object)a),
        "key" or "metric_key" => Strs("m1", "p1", "t1", "new-key", "a/b", "mlflow.note.content"),
        "value" => Gen.OneOf(Num, Text.Select(t => (object)t), Strs("NaN", "Infinity", "-Infinity")),
        "timestamp" or "step" or "start_time" or "end_time" or "from" or "to" or "start_step" or "end_step" or "max_results"
            or "expires_in_days" => Gen.Frequency((4, Num), (1, Strs("10", "abc", "-5"))),
        "name" => Gen.OneOf(Real(() => world.ModelName), Real(() => world.ExperimentName), Gen.Int[0, 1_000_000].Select(i => (object)$"fuzz-new-{i}")),
        "new_name" => Gen.Int[0, 1_000_000].Select(i => (object)$"fuzz-renamed-{i}"),
        "experiment_name" => Real(() => world.ExperimentName),
        "version" => Strs("1", "2", "0", "-1", "latest", "9223372036854775808"),
        "username" or "actor" => Gen.Frequency((4, Real(() => world.Username)), (1, Strs("nobody", "new-user"))),
        "password" => Strs("pw-123456789", "", "x"),
        "permission" => Strs("READ", "EDIT", "MANAGE", "NO_PERMISSIONS", "USE", "read", "ALL"),
        "model_id" => Real(() => world.LoggedModelId),
        "stage" => Strs("Production", "Staging", "Archived", "None", "production", "Bogus"),
        "status" => Gen.OneOf(Strs("RUNNING", "FINISHED", "FAILED", "KILLED", "SCHEDULED", "READY", "PENDING", "LOGGED_MODEL_READY"), Num),
        "filter" => Filters.Select(f => (object)f),
        "order_by" => Gen.OneOf(OrderBys.Array[0, 3].Select(a => (object)a.Cast<object>().ToArray()),
            Gen.Select(OrderBys, Gen.Bool, (f, asc) => (object)new object[] { new[] { Kv("field_name", f), Kv("ascending", new RawJson(asc ? "true" : "false")) } })),
        "page_token" => PageToken.Select(t => (object)t),
        "view_type" or "run_view_type" => Gen.OneOf(Strs("ACTIVE_ONLY", "DELETED_ONLY", "ALL", "NONE"), Num),
        "tags" or "params" => KeyValues(Gen.OneOf(Text.Select(t => (object)t), Strs("v"), Num)),
        "metrics" => Gen.Select(Gen.OneOf(Num, Strs("NaN", "1.5")), Num, Num, (v, t, s) => (object)new[] { Kv("key", "m1"), Kv("value", v), Kv("timestamp", t), Kv("step", s) })
            .Array[0, 3].Select(a => (object)a),
        "datasets" => Gen.Select(Text, Gen.OneOf(Strs("d1", "abc"), Text.Select(t => (object)t)), (n, d) => (object)new object[]
            { new[] { Kv("dataset", new[] { Kv("name", n), Kv("digest", d), Kv("source_type", "local"), Kv("source", "{}") }), Kv("tags", Array.Empty<object>()) } }),
        "models" => Real(() => world.LoggedModelId).Select(id => (object)new object[] { new[] { Kv("model_id", id), Kv("step", new RawJson("1")) } }),
        "model_json" => Strs("{}", "{\"artifact_path\":\"m\"}", "not json"),
        "path" or "artifact_directory_path" or "artifact_file_path" => Paths,
        "alias" => Strs("champion", "latest", "v1", "new-alias", "bad alias"),
        "is_admin" or "allow_deleted" or "archive_existing_versions" or "ascending" => Gen.OneOf(Strs("true", "false", "yes"), Gen.Const((object)new RawJson("true"))),
        "token_id" => Gen.OneOf(Gen.Const(() => (object)new RawJson(world.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture))), Num),
        "source" or "default_artifact_root" or "artifact_location" or "run_link" =>
            Strs("mlflow-artifacts:/x", "s3://bucket/k", "file:///tmp/x", "runs:/abc/m", "models:/m/1", "::::", "http://169.254.169.254/"),
        "workspace" => Strs(FuzzWorld.Workspace, "default", "nope"),
        "mode" => Strs("RESTRICT", "CASCADE", "SET_DEFAULT", "restrict", "x"),
        "stages" => Strs("Production", "None").Array[0, 2].Select(a => (object)a),
        _ => Text.Select(t => (object)t),
    };

    /// <summary>The value as JSON text.</summary>
    public static void WriteJson(StringBuilder sb, object value)
    {
        switch (value)
        {
            case string s:
                sb.Append(FuzzValues.Quote(s));
                break;
            case RawJson raw:
                sb.Append(raw.Json);
                break;
            case KeyValuePair<string, object>[] obj:
                sb.Append('{');
                for (var i = 0; i < obj.Length; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    sb.Append(FuzzValues.Quote(obj[i].Key)).Append(':');
                    WriteJson(sb, obj[i].Value);
                }
                sb.Append('}');
                break;
            case object[] list:
                sb.Append('[');
                for (var i = 0; i < list.Length; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    WriteJson(sb, list[i]);
                }
                sb.Append(']');
                break;
            default:
                throw new InvalidOperationException($"Not a fuzz value: {value.GetType()}");
        }
    }

    /// <summary>The value as query argument texts: a list is a repeated key, anything else one argument.</summary>
    public static IEnumerable<string> QueryTexts(object value) => value switch
    {
        string s => [s],
        RawJson raw => [raw.Json],
        object[] list => list.SelectMany(v => v is object[] or KeyValuePair<string, object>[] ? [Json(v)] : QueryTexts(v)),
        _ => [Json(value)],
    };

    public static string Json(object value)
    {
        var sb = new StringBuilder();
        WriteJson(sb, value);
        return sb.ToString();
    }
}
