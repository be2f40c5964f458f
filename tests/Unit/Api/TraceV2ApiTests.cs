using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>The legacy v2 trace RPCs (reference §2.2): start, end, get-info and search with TraceInfoV2 JSON.</summary>
public abstract class TraceV2ApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private Task<string> NewWorkspace<TProfile>(string prefix)
        where TProfile : ISettingsProfile => TProfile.NewWorkspaceAsync(fixture, prefix);

    [Fact]
    public async Task Start_end_get_and_search_in_the_v2_shape()
    {
        var ws = await NewWorkspace<DefaultProfile>("t2");
        var c = new TraceTestClient(fixture, ws);
        var e = await c.Tracking.CreateExperimentAsync();
        var started = (await ApiAssert.Ok(await c.V2(HttpMethod.Post, "traces",
            $$"""{"experiment_id":"{{e}}","timestamp_ms":1000,"request_metadata":[{"key":"m","value":"1"}],"tags":[{"key":"t","value":"1"}]}""")))
            .GetProperty("trace_info");
        var id = started.GetProperty("request_id").GetString()!;
        Assert.StartsWith("tr-", id, StringComparison.Ordinal);
        Assert.Equal("IN_PROGRESS", started.GetProperty("status").GetString());
        Assert.Equal(1000, started.GetProperty("timestamp_ms").GetInt64());

        var ended = (await ApiAssert.Ok(await c.V2(HttpMethod.Patch, $"traces/{id}",
            """{"timestamp_ms":1250,"status":"ERROR","request_metadata":[{"key":"m2","value":"2"}],"tags":[{"key":"t","value":"2"}]}"""))).GetProperty("trace_info");
        Assert.Equal(250, ended.GetProperty("execution_time_ms").GetInt64());
        Assert.Equal("ERROR", ended.GetProperty("status").GetString());
        Assert.Equal(2, ended.GetProperty("request_metadata").GetArrayLength());

        var info = (await ApiAssert.Ok(await c.V2(HttpMethod.Get, $"traces/{id}/info"))).GetProperty("trace_info");
        Assert.Equal(e, info.GetProperty("experiment_id").GetString());
        var found = await ApiAssert.Ok(await c.V2(HttpMethod.Get, $"traces?experiment_ids={e}&filter=status%20%3D%20'ERROR'"));
        Assert.Equal(id, Assert.Single(found.GetProperty("traces").EnumerateArray()).GetProperty("request_id").GetString());
        var other = new TraceTestClient(fixture, await NewWorkspace<DefaultProfile>("t2b"));
        await ApiAssert.Error(await other.V2(HttpMethod.Get, $"traces/{id}/info"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Trace with ID '{id}' not found.");
        await ApiAssert.Error(await other.V2(HttpMethod.Patch, $"traces/{id}", """{"timestamp_ms":1}"""), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }
}

public sealed class TraceV2ApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : TraceV2ApiTests<SqliteDb>(f);

public sealed class TraceV2ApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : TraceV2ApiTests<PostgresDb>(f);

public sealed class TraceV2ApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : TraceV2ApiTests<MySqlDb>(f);
