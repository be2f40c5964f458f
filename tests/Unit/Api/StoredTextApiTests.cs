using System.Net;
using System.Text.Json;
using Workspaces.Data;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// SPEC §9: every write route refuses a string one over its limit and a string holding NUL with
/// 400 INVALID_PARAMETER_VALUE and changes nothing, the same on SQLite and PostgreSQL (PostgreSQL used to
/// answer 500 for both, SQLite used to store them).
/// </summary>
public abstract class StoredTextApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";
    private const string Nul = "NUL";
    private readonly TrackingClient _tracking = new(fixture);
    private readonly RegistryClient _registry = new(fixture);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What a case acts on, created once per test.</summary>
    private sealed record World(string Experiment, string Run, string Model, string LoggedModel, string Workspace);

    /// <summary>One field of one route: the request for a bad value, what must stay the same, and the limit (null: NUL only, longer values are truncated as in MLflow).</summary>
    private sealed record Case(string Name, int? Limit, Func<World, string, Task<HttpResponseMessage>> Send, Func<World, Task<string>> Snapshot);

    private Task<HttpResponseMessage> Post(string rpc, string json) => _tracking.PostAsync(rpc, json);

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string json) => fixture.Client.SendAsync(Json(method, url, json), Ct);

    private async Task<string> Get(string url) => (await ApiAssert.Ok(await fixture.Client.GetAsync(url, Ct))).GetRawText();

    private Task<string> Experiment(World w) => Get($"{Api}/experiments/get?experiment_id={w.Experiment}");

    private Task<string> Run(World w) => Get($"{Api}/runs/get?run_id={w.Run}");

    private async Task<string> Runs(World w) => (await ApiAssert.Ok(await Post("runs/search", $$"""{"experiment_ids":["{{w.Experiment}}"]}"""))).GetRawText();

    private Task<string> Model(World w) => Get($"{Api}/registered-models/get?name={w.Model}");

    private Task<string> Versions(World w) => Get($"{Api}/model-versions/search?filter={Uri.EscapeDataString($"name='{w.Model}'")}");

    private Task<string> Models(World _) => Get($"{Api}/registered-models/search?max_results=1000");

    private Task<string> LoggedModel(World w) => Get($"{Api}/logged-models/{w.LoggedModel}");

    private async Task<string> LoggedModels(World w) =>
        (await ApiAssert.Ok(await Post("logged-models/search", $$"""{"experiment_ids":["{{w.Experiment}}"]}"""))).GetRawText();

    private Task<string> Experiments(World _) => Get($"{Api}/experiments/search?max_results=1000");

    private Task<string> Workspace(World w) => Get($"/api/3.0/mlflow/workspaces/{w.Workspace}");

    private Task<string> Workspaces(World _) => Get("/api/3.0/mlflow/workspaces");

    private IEnumerable<Case> Cases()
    {
        // Tracking
        yield return new("experiments/create name", StoredText.ExperimentName, (w, v) => Post("experiments/create", $$"""{"name":{{v}}}"""), Experiments);
        yield return new("experiments/create tags[0].value", StoredText.ExperimentTagValue,
            (w, v) => Post("experiments/create", $$"""{"name":"{{Names.Unique("e")}}","tags":[{"key":"k","value":{{v}}}]}"""), Experiments);
        yield return new("experiments/update new_name", StoredText.ExperimentName,
            (w, v) => Post("experiments/update", $$"""{"experiment_id":"{{w.Experiment}}","new_name":{{v}}}"""), Experiment);
        yield return new("experiments/set-experiment-tag value", StoredText.ExperimentTagValue,
            (w, v) => Post("experiments/set-experiment-tag", $$"""{"experiment_id":"{{w.Experiment}}","key":"k","value":{{v}}}"""), Experiment);
        yield return new("runs/create user_id", StoredText.UserId,
            (w, v) => Post("runs/create", $$"""{"experiment_id":"{{w.Experiment}}","user_id":{{v}}}"""), Runs);
        yield return new("runs/create run_name", null, (w, v) => Post("runs/create", $$"""{"experiment_id":"{{w.Experiment}}","run_name":{{v}}}"""), Runs);
        yield return new("runs/create tags[0].value", null,
            (w, v) => Post("runs/create", $$"""{"experiment_id":"{{w.Experiment}}","tags":[{"key":"k","value":{{v}}}]}"""), Runs);
        yield return new("runs/update run_name", null, (w, v) => Post("runs/update", $$"""{"run_id":"{{w.Run}}","run_name":{{v}}}"""), Run);
        yield return new("runs/set-tag value", null, (w, v) => Post("runs/set-tag", $$"""{"run_id":"{{w.Run}}","key":"k","value":{{v}}}"""), Run);
        yield return new("runs/log-parameter value", null, (w, v) => Post("runs/log-parameter", $$"""{"run_id":"{{w.Run}}","key":"p","value":{{v}}}"""), Run);
        yield return new("runs/log-batch params[0].value", null,
            (w, v) => Post("runs/log-batch", $$"""{"run_id":"{{w.Run}}","params":[{"key":"p2","value":{{v}}}]}"""), Run);
        yield return new("runs/log-batch tags[0].value", null,
            (w, v) => Post("runs/log-batch", $$"""{"run_id":"{{w.Run}}","tags":[{"key":"t","value":{{v}}}]}"""), Run);
        yield return new("runs/log-metric model_id", StoredText.LoggedModelId,
            (w, v) => Post("runs/log-metric", $$"""{"run_id":"{{w.Run}}","key":"m","value":1,"timestamp":1,"step":0,"model_id":{{v}}}"""), Run);
        yield return new("runs/log-batch metrics[0].dataset_name", StoredText.DatasetName,
            (w, v) => Post("runs/log-batch", $$"""{"run_id":"{{w.Run}}","metrics":[{"key":"m","value":1,"timestamp":1,"step":0,"dataset_name":{{v}}}]}"""), Run);
        foreach (var (field, limit) in new[] { ("name", StoredText.DatasetName), ("digest", StoredText.DatasetDigest), ("source_type", StoredText.DatasetSourceType) })
        {
            yield return new($"runs/log-inputs dataset.{field}", limit, (w, v) => Post("runs/log-inputs", $$"""
                {"run_id":"{{w.Run}}","datasets":[{"dataset":{{Dataset(field, v)}}}]}
                """), Run);
        }
        yield return new("runs/log-inputs tags[0].value", StoredText.InputTagValue, (w, v) => Post("runs/log-inputs", $$"""
            {"run_id":"{{w.Run}}","datasets":[{"dataset":{{Dataset(null, null)}},"tags":[{"key":"k","value":{{v}}}]}]}
            """), Run);

        // Logged models
        foreach (var (field, limit) in new[] { ("name", StoredText.LoggedModelName), ("model_type", StoredText.ModelType), ("source_run_id", StoredText.RunId) })
            yield return new($"logged-models create {field}", limit, (w, v) => Post("logged-models", $$"""{"experiment_id":"{{w.Experiment}}","{{field}}":{{v}}}"""), LoggedModels);
        yield return new("logged-models create params[0].value", StoredText.ParamValue,
            (w, v) => Post("logged-models", $$"""{"experiment_id":"{{w.Experiment}}","params":[{"key":"p","value":{{v}}}]}"""), LoggedModels);
        yield return new("logged-models tags value", StoredText.RunTagValue,
            (w, v) => Send(HttpMethod.Patch, $"{Api}/logged-models/{w.LoggedModel}/tags", $$"""{"tags":[{"key":"k","value":{{v}}}]}"""), LoggedModel);
        yield return new("logged-models params value", StoredText.ParamValue,
            (w, v) => Post($"logged-models/{w.LoggedModel}/params", $$"""{"params":[{"key":"p","value":{{v}}}]}"""), LoggedModel);

        // Registry and prompts
        yield return new("registered-models/create name", StoredText.RegisteredModelName, (w, v) => Post("registered-models/create", $$"""{"name":{{v}}}"""), Models);
        yield return new("registered-models/create description", StoredText.Description,
            (w, v) => Post("registered-models/create", $$"""{"name":"{{Names.Unique("m")}}","description":{{v}}}"""), Models);
        yield return new("registered-models/create tags[0].value", StoredText.RegistryTagValue,
            (w, v) => Post("registered-models/create", $$"""{"name":"{{Names.Unique("m")}}","tags":[{"key":"k","value":{{v}}}]}"""), Models);
        yield return new("registered-models/rename new_name", StoredText.RegisteredModelName,
            (w, v) => Post("registered-models/rename", $$"""{"name":"{{w.Model}}","new_name":{{v}}}"""), Models);
        yield return new("registered-models/update description", StoredText.Description,
            (w, v) => Send(HttpMethod.Patch, $"{Api}/registered-models/update", $$"""{"name":"{{w.Model}}","description":{{v}}}"""), Model);
        yield return new("registered-models/set-tag value", StoredText.RegistryTagValue,
            (w, v) => Post("registered-models/set-tag", $$"""{"name":"{{w.Model}}","key":"k","value":{{v}}}"""), Model);
        yield return new("model-versions/create description", StoredText.Description,
            (w, v) => Post("model-versions/create", $$"""{"name":"{{w.Model}}","source":"s3://b/m","description":{{v}}}"""), Versions);
        yield return new("model-versions/create run_link", StoredText.RunLink,
            (w, v) => Post("model-versions/create", $$"""{"name":"{{w.Model}}","source":"s3://b/m","run_link":{{v}}}"""), Versions);
        yield return new("model-versions/create prompt text", StoredText.RegistryTagValue,
            (w, v) => Post("model-versions/create", $$"""{"name":"{{w.Model}}","source":"dummy-source","tags":[{"key":"mlflow.prompt.text","value":{{v}}}]}"""), Versions);
        yield return new("model-versions/update description", StoredText.Description,
            (w, v) => Send(HttpMethod.Patch, $"{Api}/model-versions/update", $$"""{"name":"{{w.Model}}","version":"1","description":{{v}}}"""), Versions);
        yield return new("model-versions/set-tag value", StoredText.RegistryTagValue,
            (w, v) => Post("model-versions/set-tag", $$"""{"name":"{{w.Model}}","version":"1","key":"k","value":{{v}}}"""), Versions);

        // Workspaces
        yield return new("workspaces create description", StoredText.WorkspaceDescription,
            (w, v) => Send(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{Names.Unique("ws")}}","description":{{v}}}"""), Workspaces);
        yield return new("workspaces update description", StoredText.WorkspaceDescription,
            (w, v) => Send(HttpMethod.Patch, $"/api/3.0/mlflow/workspaces/{w.Workspace}", $$"""{"description":{{v}}}"""), Workspace);
    }

    private static string Dataset(string? bad, string? value)
    {
        var fields = new Dictionary<string, string> { ["name"] = "\"d\"", ["digest"] = "\"abc\"", ["source_type"] = "\"local\"", ["source"] = "\"{}\"" };
        if (bad is not null)
            fields[bad] = value!;
        return "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
    }

    private async Task<World> ArrangeAsync()
    {
        var experiment = await _tracking.CreateExperimentAsync();
        var run = await _tracking.CreateRunAsync(experiment);
        var model = Names.Unique("model");
        await _registry.CreateModelAsync(model);
        await _registry.CreateVersionAsync(model, "s3://bucket/model");
        var logged = (await ApiAssert.Ok(await Post("logged-models", $$"""{"experiment_id":"{{experiment}}"}""")))
            .GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;
        var workspace = Names.Unique("ws");
        await ApiAssert.Ok(await Send(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{workspace}}"}"""), HttpStatusCode.Created);
        return new World(experiment, run, model, logged, workspace);
    }

    [Fact]
    public async Task Every_write_route_refuses_NUL_and_one_over_the_limit_and_changes_nothing()
    {
        var world = await ArrangeAsync();
        var failures = new List<string>();
        foreach (var c in Cases())
        {
            var values = new List<(string Label, string Json)> { (Nul, JsonSerializer.Serialize("a\0b")) };
            if (c.Limit is { } limit)
                values.Add(($"{limit + 1} characters", JsonSerializer.Serialize(new string('x', limit + 1))));
            foreach (var (label, json) in values)
            {
                var before = await c.Snapshot(world);
                var response = await c.Send(world, json);
                var body = await response.Content.ReadAsStringAsync(Ct);
                var after = await c.Snapshot(world);
                if (response.StatusCode != HttpStatusCode.BadRequest || !IsEnvelope(body, "INVALID_PARAMETER_VALUE"))
                    failures.Add($"{c.Name} ({label}): {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                else if (before != after)
                    failures.Add($"{c.Name} ({label}): 400, but the data changed");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_registered_model_name_of_300_characters_is_refused()
    {
        var name = new string('m', 300);
        await ApiAssert.Error(await Post("registered-models/create", $$"""{"name":"{{name}}"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "'name' exceeds the maximum length of 256 characters");
        await ApiAssert.Error(await fixture.Client.GetAsync($"{Api}/registered-models/get?name={name}", Ct), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Get_history_with_NUL_in_the_key_answers_one_clean_envelope()
    {
        var run = await _tracking.CreateRunAsync(await _tracking.CreateExperimentAsync());
        var response = await fixture.Client.GetAsync($"{Api}/metrics/get-history?run_id={run}&metric_key=a%00b", Ct);
        await ApiAssert.Error(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "'metric_key' contains the NUL character");
    }

    [Fact]
    public async Task Lookups_with_NUL_answer_400_not_500()
    {
        var experiment = await _tracking.CreateExperimentAsync();
        string[] urls =
        [
            $"{Api}/experiments/get-by-name?experiment_name=a%00b",
            $"{Api}/registered-models/get?name=a%00b",
            $"{Api}/runs/get?run_id=a%00b",
        ];
        foreach (var url in urls)
            await ApiAssert.Error(await fixture.Client.GetAsync(url, Ct), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await ApiAssert.Error(await Post("runs/search", $$"""{"experiment_ids":["{{experiment}}"],"filter":"tags.k = 'a\u0000b'"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    private static bool IsEnvelope(string body, string code)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("error_code").GetString() == code && doc.RootElement.GetProperty("message").GetString() is { Length: > 0 };
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

public sealed class StoredTextApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : StoredTextApiTests<SqliteDb>(f);

public sealed class StoredTextApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : StoredTextApiTests<PostgresDb>(f);

public sealed class StoredTextApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : StoredTextApiTests<MySqlDb>(f);
