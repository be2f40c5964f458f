using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Runs, params, tags and metrics over HTTP (reference mlflow-rest-api.md §4 and §14).</summary>
public abstract class RunApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";
    private readonly TrackingClient _client = new(fixture);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_returns_the_run_with_generated_id_and_name_tag()
    {
        var experiment = await _client.CreateExperimentAsync();
        var run = await ApiAssert.Ok(await _client.PostAsync("runs/create",
            $$"""{"experiment_id":"{{experiment}}","start_time":1700000000000,"run_name":"r1","user_id":"alice","tags":[{"key":"mlflow.user","value":"alice"}]}"""));
        var info = run.GetProperty("run").GetProperty("info");
        var id = info.GetProperty("run_id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, info.GetProperty("run_uuid").GetString());
        Assert.Equal(("r1", "RUNNING", "active", 1700000000000L, "alice"), (info.GetProperty("run_name").GetString(), info.GetProperty("status").GetString(),
            info.GetProperty("lifecycle_stage").GetString(), info.GetProperty("start_time").GetInt64(), info.GetProperty("user_id").GetString()));
        Assert.False(info.TryGetProperty("end_time", out _));
        Assert.Equal($"file:///tmp/mlflow-art/workspaces/default/{experiment}/{id}/artifacts", info.GetProperty("artifact_uri").GetString());
        var tags = TrackingClient.Pairs(run.GetProperty("run").GetProperty("data"), "tags");
        Assert.Equal("r1", tags["mlflow.runName"]);
        Assert.Equal("alice", tags["mlflow.user"]);
    }

    [Fact]
    public async Task Create_without_a_name_generates_one_and_keeps_tag_and_name_in_sync()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        var got = await _client.GetRunAsync(run);
        var name = got.GetProperty("info").GetProperty("run_name").GetString()!;
        Assert.Matches("^[a-z]+-[a-z]+-\\d{1,4}$", name);
        Assert.Equal(name, TrackingClient.Pairs(got.GetProperty("data"), "tags")["mlflow.runName"]);
        await ApiAssert.Ok(await _client.PostAsync("runs/set-tag", $$"""{"run_id":"{{run}}","key":"mlflow.runName","value":"renamed"}"""));
        Assert.Equal("renamed", (await _client.GetRunAsync(run)).GetProperty("info").GetProperty("run_name").GetString());
        await ApiAssert.Ok(await _client.PostAsync("runs/update", $$"""{"run_id":"{{run}}","run_name":"again"}"""));
        Assert.Equal("again", TrackingClient.Pairs((await _client.GetRunAsync(run)).GetProperty("data"), "tags")["mlflow.runName"]);
    }

    [Fact]
    public async Task Conflicting_run_name_and_tag_is_refused() =>
        await ApiAssert.Error(await _client.PostAsync("runs/create",
                $$"""{"experiment_id":"{{await _client.CreateExperimentAsync()}}","run_name":"a","tags":[{"key":"mlflow.runName","value":"b"}]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='a', mlflow.runName='b').");

    [Fact]
    public async Task Create_in_unknown_or_deleted_experiment_is_refused()
    {
        await ApiAssert.Error(await _client.PostAsync("runs/create", """{"experiment_id":"987654321"}"""), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987654321 exists");
        var experiment = await _client.CreateExperimentAsync();
        await ApiAssert.Ok(await _client.PostAsync("experiments/delete", $$"""{"experiment_id":"{{experiment}}"}"""));
        await ApiAssert.Error(await _client.PostAsync("runs/create", $$"""{"experiment_id":"{{experiment}}"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", $"The experiment {experiment} must be in the 'active' state. Current state is deleted.");
    }

    [Fact]
    public async Task Create_without_experiment_uses_the_default_experiment()
    {
        var run = await ApiAssert.Ok(await _client.PostAsync("runs/create", "{}"));
        Assert.Equal("0", run.GetProperty("run").GetProperty("info").GetProperty("experiment_id").GetString());
    }

    [Fact]
    public async Task Latest_metric_follows_step_then_timestamp_then_value()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await _client.LogMetricAsync(run, "loss", "0.5", 1000, 1);
        await _client.LogMetricAsync(run, "loss", "0.4", 2000, 2);
        await _client.LogMetricAsync(run, "loss", "0.9", 9000, 1);
        await _client.LogMetricAsync(run, "loss", "0.3", 1500, 2);
        var metrics = (await _client.GetRunAsync(run)).GetProperty("data").GetProperty("metrics").EnumerateArray().ToList();
        var loss = Assert.Single(metrics);
        Assert.Equal((0.4, 2000L, 2L), (loss.GetProperty("value").GetDouble(), loss.GetProperty("timestamp").GetInt64(), loss.GetProperty("step").GetInt64()));
    }

    [Fact]
    public async Task History_returns_every_point_and_pages_with_max_results()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        for (var step = 0; step < 5; step++)
            await _client.LogMetricAsync(run, "loss", $"{1.0 / (step + 1)}", 1000 + step, step);
        await _client.LogMetricAsync(run, "loss", "1.0", 1000, 0); // exact duplicate: dropped
        var all = await ApiAssert.Ok(await fixture.Client.GetAsync($"{Api}/metrics/get-history?run_id={run}&metric_key=loss", Ct));
        Assert.Equal([0L, 1, 2, 3, 4], all.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
        Assert.False(all.TryGetProperty("next_page_token", out _));
        var page = await ApiAssert.Ok(await fixture.Client.GetAsync($"{Api}/metrics/get-history?run_id={run}&metric_key=loss&max_results=2", Ct));
        Assert.Equal(2, page.GetProperty("metrics").GetArrayLength());
        var token = Uri.EscapeDataString(page.GetProperty("next_page_token").GetString()!);
        var next = await ApiAssert.Ok(await fixture.Client.GetAsync($"{Api}/metrics/get-history?run_id={run}&metric_key=loss&max_results=2&page_token={token}", Ct));
        Assert.Equal([2L, 3], next.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
        var unknown = await ApiAssert.Ok(await fixture.Client.GetAsync($"{Api}/metrics/get-history?run_id={run}&metric_key=nope", Ct));
        Assert.Equal("{}", unknown.GetRawText());
    }

    [Fact]
    public async Task NaN_and_infinities_round_trip_like_mlflow()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await _client.LogMetricAsync(run, "nan", "\"NaN\"", 1, 0);
        await _client.LogMetricAsync(run, "inf", "\"Infinity\"", 1, 0);
        var metrics = TrackingClient.Metrics(await _client.GetRunAsync(run));
        Assert.Equal("\"NaN\"", metrics["nan"].GetProperty("value").GetRawText());
        Assert.Equal(double.MaxValue, metrics["inf"].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Metric_validation_errors_name_the_field()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await ApiAssert.Error(await _client.PostAsync("runs/log-metric", $$"""{"run_id":"{{run}}","key":"loss","value":0.5}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'timestamp'.");
        await ApiAssert.Error(await _client.PostAsync("runs/log-metric", $$"""{"run_id":"{{run}}","key":"loss","value":true,"timestamp":1}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid value true for parameter 'value' supplied");
        await ApiAssert.Error(await _client.PostAsync("runs/log-metric", $$"""{"run_id":"{{run}}","key":"../etc","value":1,"timestamp":1}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid value \"../etc\" for parameter 'name' supplied: Names may be treated as files");
        await ApiAssert.Error(await _client.PostAsync("runs/log-metric", $$"""{"run_id":"{{run}}","key":"a//b","value":1,"timestamp":1}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE");
        await ApiAssert.Error(await _client.PostAsync("runs/log-metric", $$"""{"run_id":"{{run}}","key":"a","value":1,"timestamp":-1}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid value -1 for parameter 'timestamp' supplied: metric 'a' (value=1). Timestamp must be a nonnegative long");
    }

    [Fact]
    public async Task Params_are_write_once()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await ApiAssert.Ok(await _client.PostAsync("runs/log-parameter", $$"""{"run_id":"{{run}}","key":"lr","value":"0.01"}"""));
        await ApiAssert.Ok(await _client.PostAsync("runs/log-parameter", $$"""{"run_id":"{{run}}","key":"lr","value":"0.01"}"""));
        await ApiAssert.Error(await _client.PostAsync("runs/log-parameter", $$"""{"run_id":"{{run}}","key":"lr","value":"0.02"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE",
            $"Changing param values is not allowed. Param with key='lr' was already logged with value='0.01' for run ID='{run}'. Attempted logging new value '0.02'.");
        await ApiAssert.Error(await _client.PostAsync("runs/log-batch", $$"""{"run_id":"{{run}}","params":[{"key":"lr","value":"0.03"}]}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Changing param values is not allowed. Params were already logged='[{'key': 'lr', 'old_value': '0.01', 'new_value': '0.03'}]'");
    }

    [Fact]
    public async Task Long_values_are_truncated_and_long_keys_refused()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await ApiAssert.Ok(await _client.PostAsync("runs/log-parameter", $$"""{"run_id":"{{run}}","key":"long","value":"{{new string('x', 6001)}}"}"""));
        Assert.Equal(6000, TrackingClient.Pairs((await _client.GetRunAsync(run)).GetProperty("data"), "params")["long"]!.Length);
        await ApiAssert.Error(await _client.PostAsync("runs/log-parameter", $$"""{"run_id":"{{run}}","key":"{{new string('k', 251)}}","value":"v"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "'Param key' exceeds the maximum length of 250 characters");
    }

    [Fact]
    public async Task Log_batch_enforces_mlflows_limits()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        var metrics = string.Join(",", Enumerable.Range(0, 1001).Select(i => $$"""{"key":"m","value":{{i}},"timestamp":{{i}}}"""));
        await ApiAssert.Error(await _client.PostAsync("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{{metrics}}]}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 metrics. Got 1001 metrics.");
        var parameters = string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{"key":"p{{i}}","value":"v"}"""));
        await ApiAssert.Error(await _client.PostAsync("runs/log-batch", $$"""{"run_id":"{{run}}","params":[{{parameters}}]}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 100 params.");
        await ApiAssert.Error(await _client.PostAsync("runs/log-batch", $$"""{"run_id":"{{run}}","params":[{"key":"a","value":"1"},{"key":"a","value":"2"}]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Duplicate parameter keys have been submitted: ['a'].");
        await ApiAssert.Error(await _client.PostAsync("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{"key":"m","timestamp":1}]}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'metrics[0].value'.");
        Assert.Empty(TrackingClient.Metrics(await _client.GetRunAsync(run)));
    }

    [Fact]
    public async Task Log_batch_writes_metrics_params_and_tags()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await ApiAssert.Ok(await _client.PostAsync("runs/log-batch", $$"""
            {"run_id":"{{run}}","metrics":[{"key":"m","value":1,"timestamp":1,"step":0},{"key":"m","value":2,"timestamp":2,"step":1}],
             "params":[{"key":"p","value":"x"}],"tags":[{"key":"t","value":"1"},{"key":"t","value":"2"}]}
            """));
        var got = await _client.GetRunAsync(run);
        Assert.Equal(2, TrackingClient.Metrics(got)["m"].GetProperty("value").GetDouble());
        Assert.Equal("x", TrackingClient.Pairs(got.GetProperty("data"), "params")["p"]);
        Assert.Equal("2", TrackingClient.Pairs(got.GetProperty("data"), "tags")["t"]);
    }

    [Theory]
    [InlineData("ünïcødé")]
    [InlineData("emoji 🚀 outside the BMP")]
    [InlineData("quote ' double \" back\\slash X'41' -- ;")]
    [InlineData("")]
    public async Task Log_batch_stores_any_text_exactly(string text)
    {
        // The MySQL writer sends values as literals: whatever the text (keys follow MLflow's name rule), it comes back exactly.
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        var json = JsonSerializer.Serialize(text);
        const string key = "\"k\"";
        await ApiAssert.Ok(await _client.PostAsync("runs/log-batch", $$"""
            {"run_id":"{{run}}","metrics":[{"key":{{key}},"value":0.1,"timestamp":1,"step":0},{"key":{{key}},"value":1e-300,"timestamp":2,"step":1}],
             "params":[{"key":{{key}},"value":{{json}}}],"tags":[{"key":{{key}},"value":{{json}}}]}
            """));
        var got = await _client.GetRunAsync(run);
        Assert.Equal(1e-300, TrackingClient.Metrics(got)["k"].GetProperty("value").GetDouble());
        Assert.Equal(text, TrackingClient.Pairs(got.GetProperty("data"), "params")["k"]);
        Assert.Equal(text, TrackingClient.Pairs(got.GetProperty("data"), "tags")["k"]);
        var history = await ApiAssert.Ok(await _client.GetAsync($"metrics/get-history?run_id={run}&metric_key=k"));
        Assert.Equal([0.1, 1e-300], history.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task Update_delete_restore_and_tags()
    {
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        var updated = await ApiAssert.Ok(await _client.PostAsync("runs/update", $$"""{"run_id":"{{run}}","status":"FINISHED","end_time":1700000009000}"""));
        Assert.Equal(("FINISHED", 1700000009000L), (updated.GetProperty("run_info").GetProperty("status").GetString(), updated.GetProperty("run_info").GetProperty("end_time").GetInt64()));
        await _client.LogMetricAsync(run, "after-finish", "1", 1, 0); // FINISHED does not block logging
        await ApiAssert.Error(await _client.PostAsync("runs/delete-tag", $$"""{"run_id":"{{run}}","key":"nope"}"""), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", $"No tag with name: nope in run with id {run}");
        await ApiAssert.Ok(await _client.PostAsync("runs/delete", $$"""{"run_id":"{{run}}"}"""));
        Assert.Equal("deleted", (await _client.GetRunAsync(run)).GetProperty("info").GetProperty("lifecycle_stage").GetString());
        await ApiAssert.Error(await _client.PostAsync("runs/log-metric", $$"""{"run_id":"{{run}}","key":"m","value":1,"timestamp":1}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", $"The run {run} must be in the 'active' state. Current state is deleted.");
        await ApiAssert.Ok(await _client.PostAsync("runs/restore", $$"""{"run_id":"{{run}}"}"""));
        await _client.LogMetricAsync(run, "m", "1", 1, 0);
    }

    [Fact]
    public async Task Unknown_run_is_404_and_missing_run_id_is_400()
    {
        await ApiAssert.Error(await fixture.Client.GetAsync($"{Api}/runs/get?run_id=00000000000000000000000000000000", Ct), HttpStatusCode.NotFound,
            "RESOURCE_DOES_NOT_EXIST", "Run with id=00000000000000000000000000000000 not found");
        await ApiAssert.Error(await fixture.Client.GetAsync($"{Api}/runs/get", Ct), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Missing value for required parameter 'run_id'.");
        var run = await _client.CreateRunAsync(await _client.CreateExperimentAsync());
        await ApiAssert.Ok(await fixture.Client.GetAsync($"{Api}/runs/get?run_uuid={run}", Ct));
    }

    [Fact]
    public async Task Inputs_outputs_and_log_model_are_recorded()
    {
        var experiment = await _client.CreateExperimentAsync();
        var run = await _client.CreateRunAsync(experiment);
        var (input, output) = (await LoggedModelAsync(experiment), await LoggedModelAsync(experiment));
        await ApiAssert.Ok(await _client.PostAsync("runs/log-inputs", $$$"""
            {"run_id":"{{{run}}}","datasets":[{"tags":[{"key":"mlflow.data.context","value":"training"}],
              "dataset":{"name":"iris","digest":"1a2b","source_type":"local","source":"{\"uri\":\"/d\"}"}}],"models":[{"model_id":"{{{input}}}"}]}
            """));
        await ApiAssert.Ok(await _client.PostAsync("runs/outputs", $$"""{"run_id":"{{run}}","models":[{"model_id":"{{output}}","step":3}]}"""));
        var modelJson = JsonSerializer.Serialize("""{"artifact_path":"model","flavors":{"python_function":{"config":{"a":1}}},"utc_time_created":"2024","run_id":"x"}""");
        await ApiAssert.Ok(await _client.PostAsync("runs/log-model", $$"""{"run_id":"{{run}}","model_json":{{modelJson}}}"""));
        await ApiAssert.Error(await _client.PostAsync("runs/log-model", $$$"""{"run_id":"{{{run}}}","model_json":"{\"flavors\":{}}"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Model json is missing mandatory fields");
        var got = await ApiAssert.Ok(await fixture.Client.GetAsync($"{Api}/runs/get?run_id={run}", Ct));
        var inputs = got.GetProperty("run").GetProperty("inputs");
        var dataset = inputs.GetProperty("dataset_inputs")[0];
        Assert.Equal("iris", dataset.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal("training", dataset.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.Equal(input, inputs.GetProperty("model_inputs")[0].GetProperty("model_id").GetString());
        Assert.Equal(3, got.GetProperty("run").GetProperty("outputs").GetProperty("model_outputs")[0].GetProperty("step").GetInt64());
        var history = TrackingClient.Pairs(got.GetProperty("run").GetProperty("data"), "tags")["mlflow.log-model.history"]!;
        Assert.Contains("\"artifact_path\":\"model\"", history, StringComparison.Ordinal);
        Assert.DoesNotContain("config", history, StringComparison.Ordinal);
    }

    private async Task<string> LoggedModelAsync(string experiment) =>
        (await ApiAssert.Ok(await _client.PostAsync("logged-models", $$"""{"experiment_id":"{{experiment}}"}""")))
            .GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;
}

public sealed class RunApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : RunApiTests<SqliteDb>(f);

public sealed class RunApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : RunApiTests<PostgresDb>(f);

public sealed class RunApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : RunApiTests<MySqlDb>(f);
