using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>The search_traces grammar (reference §3) executed by each database: comparators, span and assessment filters, order keys, batch reads.</summary>
public abstract class TraceSearchGrammarTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private Task<string> NewWorkspace<TProfile>(string prefix)
        where TProfile : ISettingsProfile => TProfile.NewWorkspaceAsync(fixture, prefix);

    [Fact]
    public async Task Comparators_order_keys_and_batch_reads()
    {
        var c = new TraceTestClient(fixture, await NewWorkspace<DefaultProfile>("tg"));
        var e = await c.Tracking.CreateExperimentAsync();
        var (t1, t2, t3) = (TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId(), TraceTestClient.NewTraceId());
        await c.StartAsync(t1, e, ""","client_request_id":"req-1","tags":{"mlflow.traceName":"Predict","env":"prod"}""", "2026-01-01T00:00:01Z", "3s");
        await c.StartAsync(t2, e, ""","tags":{"mlflow.traceName":"predict","env":"dev"}""", "2026-01-01T00:00:02Z", "1s", "ERROR");
        await c.StartAsync(t3, e, ""","tags":{"mlflow.traceName":"chat"}""", "2026-01-01T00:00:03Z", "2s");
        await ApiAssert.Ok(await c.V3(HttpMethod.Post, $"traces/{t3}/assessments",
            """{"assessment":{"assessment_name":"answer","expectation":{"value":"42"},"source":{"source_type":"HUMAN"}}}"""));

        Task<List<string>> Find(string filter, string extra = "") => c.SearchAsync(e, $$""","filter":"{{filter}}"{{extra}}""");
        Assert.Equal([t1], await Find("name LIKE 'P%'"));
        Assert.Equal([t2, t1], await Find("name ILIKE 'p%'"));
        Assert.Equal([t2, t1], await Find("name RLIKE '^[Pp]red'"));
        Assert.Equal([t1], await Find("client_request_id = 'req-1'"));
        Assert.Equal([t3, t2], await Find("trace.timestamp_ms >= 1767225602000"));
        Assert.Equal([t2], await Find("tag.env != 'prod'"));
        Assert.Equal([t3], await Find("tag.env IS NULL"));
        Assert.Equal([t3], await Find("expectation.answer = '42'"));
        Assert.Equal([t3], await Find("expectation.answer IS NOT NULL"));
        Assert.Empty(await Find("feedback.answer IS NOT NULL"));
        Assert.Equal([t2], await Find("trace.end_time_ms = 1767225603000"));
        Assert.Equal([t1, t2], await Find("request_id IN ('" + t1 + "', '" + t2 + "')", ""","order_by":["timestamp ASC"]"""));

        var ordered = await c.SearchAsync(e, ""","order_by":["execution_time_ms DESC"]""");
        Assert.Equal([t1, t3, t2], ordered);
        // Where "Predict" falls depends on the database's collation; "chat" before "predict" does not.
        var byName = await c.SearchAsync(e, ""","order_by":["name ASC"]""");
        Assert.True(byName.IndexOf(t3) < byName.IndexOf(t2), string.Join(",", byName));
        Assert.Equal([t2, t1, t3], await c.SearchAsync(e, ""","order_by":["tag.env ASC"]"""));
        Assert.Equal([t2, t1, t3], await c.SearchAsync(e, ""","order_by":["status ASC","timestamp_ms ASC"]"""));

        var infos = await ApiAssert.Ok(await c.V3(HttpMethod.Post, "traces/batchGetInfos", $$"""{"trace_ids":["{{t3}}","tr-missing","{{t1}}"]}"""));
        Assert.Equal([t3, t1], infos.GetProperty("trace_infos").EnumerateArray().Select(i => i.GetProperty("trace_id").GetString()));
        var traces = await ApiAssert.Ok(await c.V3(HttpMethod.Get, $"traces/batchGet?trace_ids={t2}&trace_ids={t1}"));
        Assert.Equal([t2, t1], traces.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("trace_info").GetProperty("trace_id").GetString()));
        await ApiAssert.Error(await c.V3(HttpMethod.Post, "traces/search", TraceTestClient.Locations(e, ""","order_by":["bogus ASC"]""")),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}

public sealed class TraceSearchGrammarTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : TraceSearchGrammarTests<SqliteDb>(f);

public sealed class TraceSearchGrammarTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : TraceSearchGrammarTests<PostgresDb>(f);

public sealed class TraceSearchGrammarTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : TraceSearchGrammarTests<MySqlDb>(f);
