using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Artifacts;
using Workspaces.Data.Maintenance;
using Workspaces.Data.Store;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Traces leave with their experiment: gc and a CASCADE workspace delete leave no trace rows, SET_DEFAULT moves them.</summary>
public abstract class TraceCleanupTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> NewWorkspace<TProfile>(string prefix)
        where TProfile : ISettingsProfile => TProfile.NewWorkspaceAsync(fixture, prefix);

    /// <summary>A trace with a tag, metadata, an assessment, a span, a token metric and a run link.</summary>
    private async Task<(TraceTestClient Client, string Workspace, string Experiment, string Trace)> TraceAsync()
    {
        var ws = await NewWorkspace<DefaultProfile>("tc");
        var c = new TraceTestClient(fixture, ws);
        var e = await c.Tracking.CreateExperimentAsync();
        var run = await c.Tracking.CreateRunAsync(e);
        var hex = Guid.NewGuid().ToString("N");
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Workspaces.Data.Tenancy.WorkspaceContext>().Bind(ws);
            var logged = await scope.ServiceProvider.GetRequiredService<Workspaces.Data.Tracing.SpanIngestService>().LogSpansAsync(e, run,
                [new(hex, "00000000000000a1", null, "root", "SPAN_KIND_INTERNAL", 1_000_000, 2_000_000, "STATUS_CODE_OK", null,
                    [new("mlflow.chat.tokenUsage", "{\"input_tokens\": 1, \"output_tokens\": 2}")], [], [])], Ct);
            Assert.True(logged.IsSuccess, logged.Error?.Message);
        }
        var id = "tr-" + hex;
        await c.StartAsync(id, e, ""","tags":{"t":"1"},"trace_metadata":{"m":"1"}""");
        await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{id}/assessments", """{"assessment":{"assessment_name":"n","feedback":{"value":1}}}"""));
        await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces/link-to-run", $$"""{"trace_ids":["{{id}}"],"run_id":"{{run}}"}"""));
        Assert.Equal(7, await RowsAsync(id));
        return (c, ws, e, id);
    }

    /// <summary>Rows of every trace table that belong to the trace, whatever their workspace.</summary>
    private async Task<int> RowsAsync(string id)
    {
        await using var db = fixture.Db();
        return await db.TraceInfos.IgnoreQueryFilters().CountAsync(t => t.RequestId == id, Ct)
            + (await db.TraceTags.IgnoreQueryFilters().CountAsync(t => t.RequestId == id && t.Key == "t", Ct))
            + (await db.TraceMetadata.IgnoreQueryFilters().CountAsync(t => t.RequestId == id && t.Key == "m", Ct))
            + (await db.Assessments.IgnoreQueryFilters().CountAsync(t => t.TraceId == id, Ct))
            + (await db.Spans.IgnoreQueryFilters().CountAsync(t => t.TraceId == id, Ct))
            + (await db.TraceMetrics.IgnoreQueryFilters().CountAsync(t => t.RequestId == id && t.Key == "total_tokens", Ct))
            + (await db.TraceRunLinks.IgnoreQueryFilters().CountAsync(t => t.RequestId == id, Ct));
    }

    private Task<HttpResponseMessage> DeleteWorkspace(string ws, string mode) =>
        fixture.Client.SendAsync(HttpTestExtensions.Json(HttpMethod.Delete, $"/api/3.0/mlflow/workspaces/{ws}{mode}", null), Ct);

    [Fact]
    public async Task Cascade_leaves_no_trace_rows()
    {
        var (_, ws, _, id) = await TraceAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteWorkspace(ws, "?mode=CASCADE")).StatusCode);
        Assert.Equal(0, await RowsAsync(id));
    }

    [Fact]
    public async Task Set_default_moves_the_traces_with_their_experiment()
    {
        var (_, ws, _, id) = await TraceAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteWorkspace(ws, "?mode=SET_DEFAULT")).StatusCode);
        Assert.Equal(7, await RowsAsync(id));
        var moved = await new TraceTestClient(fixture, "default").GetInfoAsync(id);
        Assert.Equal("1", TraceTestClient.Map(moved, "tags")["t"]);
    }

    [Fact]
    public async Task Gc_of_a_deleted_experiment_leaves_no_trace_rows()
    {
        var (c, ws, e, id) = await TraceAsync();
        await ApiAssert.Ok(await c.Tracking.PostAsync("experiments/delete", $$"""{"experiment_id":"{{e}}"}"""));
        var collector = new GarbageCollector(fixture.Services.GetRequiredService<StoreConnection>(), fixture.Services.GetRequiredService<IArtifactStoreFactory>(),
            fixture.Services.GetRequiredService<ServerSettings>(), TimeProvider.System);
        var result = await collector.RunAsync(new GcRequest { ExperimentIds = [e], Workspace = ws }, _ => { }, Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(0, await RowsAsync(id));
    }
}

public sealed class TraceCleanupTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : TraceCleanupTests<SqliteDb>(f);

public sealed class TraceCleanupTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : TraceCleanupTests<PostgresDb>(f);

public sealed class TraceCleanupTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : TraceCleanupTests<MySqlDb>(f);
