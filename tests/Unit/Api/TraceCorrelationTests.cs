using System.Net;
using System.Text.Json;
using Workspaces.Data.Tracing;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// calculate-filter-correlation (reference §2.1 #14): the four counts come from the database with the search grammar,
/// the NPMI follows MLflow's policy (−1 when both filters match but never together, left out when undefined).
/// </summary>
public abstract class TraceCorrelationTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static async Task<JsonElement> Correlate(TraceTestClient c, string experiment, string first, string second, string? basis = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["experiment_ids"] = new[] { experiment }, ["filter_string1"] = first, ["filter_string2"] = second, ["base_filter"] = basis,
        };
        return await ApiAssert.Ok(await c.V3(HttpMethod.Post, "traces/calculate-filter-correlation", JsonSerializer.Serialize(body)));
    }

    private Task<string> NewWorkspace() => NewWorkspace<DefaultProfile>();

    private Task<string> NewWorkspace<TProfile>()
        where TProfile : ISettingsProfile => TProfile.NewWorkspaceAsync(fixture, "co");

    private static (int F1, int F2, int Joint, int Total) Counts(JsonElement r) => (r.GetProperty("filter1_count").GetInt32(),
        r.GetProperty("filter2_count").GetInt32(), r.GetProperty("joint_count").GetInt32(), r.GetProperty("total_count").GetInt32());

    [Fact]
    public async Task Counts_and_npmi_come_from_the_filters_over_the_base_population()
    {
        var workspace = await NewWorkspace();
        var c = new TraceTestClient(fixture, workspace);
        var e = await c.Tracking.CreateExperimentAsync();
        // x and y: both, x only, y only, neither; one ERROR trace with x.
        foreach (var (tags, state) in new[] { ("""{"x":"1","y":"1"}""", "OK"), ("""{"x":"1"}""", "OK"), ("""{"y":"1"}""", "OK"), ("{}", "OK"), ("""{"x":"1"}""", "ERROR") })
            await c.StartAsync(TraceTestClient.NewTraceId(), e, ",\"tags\":" + tags, state: state);

        var independent = await Correlate(c, e, "tag.x = '1'", "tag.y = '1'", "status = 'OK'");
        Assert.Equal((2, 2, 1, 4), Counts(independent));
        Assert.Equal(0.0, independent.GetProperty("npmi").GetDouble(), 9);
        Assert.Equal(0.0, independent.GetProperty("npmi_smoothed").GetDouble(), 9);

        var all = await Correlate(c, e, "tag.x = '1'", "tag.y = '1'");
        Assert.Equal((3, 2, 1, 5), Counts(all));
        var apart = await Correlate(c, e, "tag.x = '1' AND tag.y IS NULL", "tag.y = '1'");
        Assert.Equal((2, 2, 0, 5), Counts(apart));
        Assert.Equal(-1.0, apart.GetProperty("npmi").GetDouble());
        Assert.True(apart.GetProperty("npmi_smoothed").GetDouble() < 0);

        // A filter that matches nothing leaves the NPMI undefined: both values are left out, the counts stay.
        var none = await Correlate(c, e, "tag.z = '1'", "tag.y = '1'");
        Assert.Equal((0, 2, 0, 5), Counts(none));
        Assert.False(none.TryGetProperty("npmi", out _));
        Assert.False(none.TryGetProperty("npmi_smoothed", out _));

        // Another workspace's experiment is not there: nothing is counted.
        var other = new TraceTestClient(fixture, await NewWorkspace());
        Assert.Equal((0, 0, 0, 0), Counts(await Correlate(other, e, "tag.x = '1'", "tag.y = '1'")));
    }

    [Fact]
    public async Task Missing_or_bad_filters_are_400()
    {
        var c = new TraceTestClient(fixture, await NewWorkspace());
        var e = await c.Tracking.CreateExperimentAsync();
        var missing = await c.V3(HttpMethod.Post, "traces/calculate-filter-correlation", $$"""{"experiment_ids":["{{e}}"],"filter_string2":"status = 'OK'"}""");
        Assert.Contains("filter_string1", await ApiAssert.Error(missing, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), StringComparison.Ordinal);
        var bad = await c.V3(HttpMethod.Post, "traces/calculate-filter-correlation",
            $$"""{"experiment_ids":["{{e}}"],"filter_string1":"status < 'OK'","filter_string2":"status = 'OK'"}""");
        Assert.Equal("Invalid comparator '<'", await ApiAssert.Error(bad, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"));
    }
}

public sealed class TraceCorrelationTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : TraceCorrelationTests<SqliteDb>(f);

public sealed class TraceCorrelationTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : TraceCorrelationTests<PostgresDb>(f);

public sealed class TraceCorrelationTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : TraceCorrelationTests<MySqlDb>(f);

/// <summary>MLflow's NPMI policy on the 2×2 table, without a database.</summary>
public sealed class TraceCorrelationMathTests
{
    [Fact]
    public void Npmi_follows_the_contingency_table()
    {
        // ln(10·100 / (20·15)) / −ln(10/100)
        Assert.Equal(Math.Log(1000.0 / 300) / Math.Log(10), TraceCorrelation.FromCounts(10, 20, 15, 100).Npmi, 12);
        Assert.Equal(1.0, TraceCorrelation.FromCounts(7, 7, 7, 7).Npmi);
        Assert.Equal(-1.0, TraceCorrelation.FromCounts(0, 3, 4, 10).Npmi);
        Assert.True(double.IsNaN(TraceCorrelation.FromCounts(0, 0, 4, 10).Npmi));
        Assert.True(double.IsNaN(TraceCorrelation.FromCounts(0, 0, 4, 10).NpmiSmoothed));
        Assert.True(double.IsNaN(TraceCorrelation.FromCounts(5, 3, 4, 10).Npmi)); // inconsistent counts
        Assert.True(double.IsNaN(TraceCorrelation.FromCounts(0, 1, 1, 0).Npmi));
        // Smoothing (half a count per cell) pulls a perfect association below 1.
        Assert.InRange(TraceCorrelation.FromCounts(5, 5, 5, 10).NpmiSmoothed, 0.5, 0.999);
    }
}
