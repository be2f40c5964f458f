using System.Net;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// References across workspaces are refused as not found (issue 12 §4): a model version's run, a run's logged-model
/// inputs and outputs, and a model version source inside another workspace's artifact tree. Nothing is written.
/// </summary>
public abstract class CrossWorkspaceReferenceTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record World(string A, string B, TrackingClient TrackA, TrackingClient TrackB, RegistryClient RegA, string ExperimentA, string RunA, string RunB,
        string ModelB, string Name);

    private async Task<World> WorldAsync()
    {
        var (a, b) = (Names.Unique("ra"), Names.Unique("rb"));
        foreach (var ws in new[] { a, b })
            await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), Ct), HttpStatusCode.Created);
        var (ta, tb) = (new TrackingClient(fixture, a), new TrackingClient(fixture, b));
        var experimentA = await ta.CreateExperimentAsync();
        var experimentB = await tb.CreateExperimentAsync();
        var (runA, runB) = (await ta.CreateRunAsync(experimentA), await tb.CreateRunAsync(experimentB));
        var modelB = (await ApiAssert.Ok(await tb.PostAsync("logged-models", $$"""{"experiment_id":"{{experimentB}}"}""")))
            .GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;
        var registry = new RegistryClient(fixture, a);
        var name = Names.Unique("m");
        await registry.CreateModelAsync(name);
        return new World(a, b, ta, tb, registry, experimentA, runA, runB, modelB, name);
    }

    private static async Task NoVersions(World w)
    {
        var got = await ApiAssert.Ok(await w.RegA.GetAsync($"registered-models/get?name={w.Name}"));
        Assert.False(got.GetProperty("registered_model").TryGetProperty("latest_versions", out _));
    }

    [Fact]
    public async Task A_model_version_cannot_name_another_workspaces_run_or_no_run()
    {
        var w = await WorldAsync();
        foreach (var run in new[] { w.RunB, "0123456789abcdef0123456789abcdef" })
        {
            await ApiAssert.Error(await w.RegA.PostAsync("model-versions/create", $$"""{"name":"{{w.Name}}","source":"s3://bucket/model","run_id":"{{run}}"}"""),
                HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Run with id={run} not found");
        }
        await NoVersions(w);
        await ApiAssert.Ok(await w.RegA.PostAsync("model-versions/create", $$"""{"name":"{{w.Name}}","source":"s3://bucket/model","run_id":"{{w.RunA}}"}"""));
    }

    [Fact]
    public async Task A_run_cannot_link_another_workspaces_logged_model_or_none()
    {
        var w = await WorldAsync();
        foreach (var model in new[] { w.ModelB, "m-00000000000000000000000000000000" })
        {
            await ApiAssert.Error(await w.TrackA.PostAsync("runs/log-inputs", $$"""{"run_id":"{{w.RunA}}","models":[{"model_id":"{{model}}"}]}"""),
                HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Logged model with ID '{model}' not found.");
            await ApiAssert.Error(await w.TrackA.PostAsync("runs/outputs", $$"""{"run_id":"{{w.RunA}}","models":[{"model_id":"{{model}}","step":1}]}"""),
                HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Logged model with ID '{model}' not found.");
        }
        var run = (await w.TrackA.GetRunAsync(w.RunA)).GetProperty("inputs");
        Assert.False(run.TryGetProperty("model_inputs", out _));
    }

    [Fact]
    public async Task A_model_version_source_cannot_point_into_another_workspaces_artifacts()
    {
        var w = await WorldAsync();
        string[] foreign =
        [
            $"mlflow-artifacts:/workspaces/{w.B}/1/model",
            $"mlflow-artifacts://server:5000/workspaces/{w.B}/1/model",
            $"mlflow-artifacts:/workspaces%2f{w.B}%2f1/model",
            $"file:///tmp/mlflow-art/workspaces/{w.B}/1/model",
            $"{LocalArtifactsProfile.Destination}/workspaces/{w.B}/1/model",
        ];
        foreach (var source in foreign)
        {
            await ApiAssert.Error(await w.RegA.PostAsync("model-versions/create", $$"""{"name":"{{w.Name}}","source":"{{source}}"}"""),
                HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", $"Invalid model version source: '{source}'.");
        }
        await NoVersions(w);
        await ApiAssert.Ok(await w.RegA.PostAsync("model-versions/create", $$"""{"name":"{{w.Name}}","source":"mlflow-artifacts:/workspaces/{{w.A}}/1/model"}"""));
    }

    [Fact]
    public async Task A_source_under_another_workspaces_own_root_is_refused()
    {
        var w = await WorldAsync();
        var c = Names.Unique("rc");
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces",
            $$"""{"name":"{{c}}","default_artifact_root":"s3://bucket-{{c}}/root"}"""), Ct), HttpStatusCode.Created);
        await ApiAssert.Error(await w.RegA.PostAsync("model-versions/create", $$"""{"name":"{{w.Name}}","source":"s3://bucket-{{c}}/root/7/model"}"""),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid model version source:");
        await ApiAssert.Ok(await w.RegA.PostAsync("model-versions/create", $$"""{"name":"{{w.Name}}","source":"s3://bucket-{{c}}/rootless/model"}"""));
    }
}

public sealed class CrossWorkspaceReferenceTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : CrossWorkspaceReferenceTests<SqliteDb>(f);

public sealed class CrossWorkspaceReferenceTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : CrossWorkspaceReferenceTests<PostgresDb>(f);

public sealed class CrossWorkspaceReferenceTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : CrossWorkspaceReferenceTests<MySqlDb>(f);
