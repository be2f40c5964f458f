using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// runs/search request errors (reference mlflow-rest-api.md §12.1, §12.2, §12.5 and §14 case 23, messages of
/// mlflow/utils/search_utils.py and validation.py) and which experiments a search may see, on each database.
/// </summary>
public abstract class RunSearchErrorTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    // filter values
    [InlineData("""{"experiment_ids":["0"],"filter":"metrics.loss < 'abc'"}""", "Expected numeric value type for metric. Found 'abc'")]
    [InlineData("""{"experiment_ids":["0"],"filter":"params.lr = 0.01"}""", "Expected a quoted string value for parameter (e.g. 'my-value'). Got value 0.01")]
    [InlineData("""{"experiment_ids":["0"],"filter":"params.lr = lr"}""",
        "Parameter value is either not quoted or unidentified quote types used for string value lr. Use either single or double quotes.")]
    [InlineData("""{"experiment_ids":["0"],"filter":"tags.env IN ('prod')"}""", "Expected a quoted string value for tag (e.g. 'my-value'). Got value ('prod')")]
    [InlineData("""{"experiment_ids":["0"],"filter":"start_time > 'abc'"}""", "Expected numeric value type for numeric attribute: start_time. Found 'abc'")]
    [InlineData("""{"experiment_ids":["0"],"filter":"run_name = 5"}""", "Expected a quoted string value for attributes. Got value 5")]
    [InlineData("""{"experiment_ids":["0"],"filter":"status IN ('A')"}""", "Only the 'run_id' attribute supports comparison with a list of quoted string values.")]
    [InlineData("""{"experiment_ids":["0"],"filter":"run_id IN ()"}""",
        "While parsing a list in the query, expected a non-empty list of string values, but got empty list")]
    [InlineData("""{"experiment_ids":["0"],"filter":"run_id IN (1, 2)"}""",
        "While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list")]
    // identifiers
    [InlineData("""{"experiment_ids":["0"],"filter":"foo.bar = 'x'"}""",
        "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']")]
    [InlineData("""{"experiment_ids":["0"],"filter":"attributes.nope = 'x'"}""", "Invalid attribute key 'nope' specified. Valid keys are ")]
    [InlineData("""{"experiment_ids":["0"],"filter":"datasets.foo = 'x'"}""", "Invalid dataset key 'foo' specified.")]
    [InlineData("""{"experiment_ids":["0"],"filter":"'x' = params.lr"}""", "Invalid comparison clause. Expected 'Identifier' found ''x''")]
    // comparators
    [InlineData("""{"experiment_ids":["0"],"filter":"metrics.loss LIKE 1"}""", "Invalid comparator 'LIKE' not one of ")]
    [InlineData("""{"experiment_ids":["0"],"filter":"metrics.loss == 1"}""", "Invalid comparator '==' not one of ")]
    [InlineData("""{"experiment_ids":["0"],"filter":"params.lr > '0.1'"}""", "Invalid comparator '>' not one of ")]
    [InlineData("""{"experiment_ids":["0"],"filter":"status > 'A'"}""", "Invalid comparator '>' not one of ")]
    [InlineData("""{"experiment_ids":["0"],"filter":"start_time LIKE 5"}""", "Invalid comparator 'LIKE' not one of ")]
    [InlineData("""{"experiment_ids":["0"],"filter":"attributes.end_time ILIKE 5"}""", "Invalid comparator 'ILIKE' not one of ")]
    // statement structure
    [InlineData("""{"experiment_ids":["0"],"filter":"params.a = 'x' OR params.b = 'y'"}""", "Invalid clause(s) in filter string: 'OR'")]
    [InlineData("""{"experiment_ids":["0"],"filter":"params.lr = '0.1' AND (tags.env = 'dev')"}""", "Invalid clause(s) in filter string: ")]
    [InlineData("""{"experiment_ids":["0"],"filter":"metrics.loss"}""", "Invalid clause(s) in filter string: 'metrics.loss'")]
    [InlineData("""{"experiment_ids":["0"],"filter":"metrics.loss > 1;"}""", "Invalid clause(s) in filter string: ';'")]
    [InlineData("""{"experiment_ids":["0"],"filter":"metric.a > 1; metric.b < 2"}""",
        "Search filter contained multiple expression 'metric.a > 1; metric.b < 2'. Provide AND-ed expression list.")]
    [InlineData("""{"experiment_ids":["0"],"filter":"   "}""", "Invalid filter '   '. Could not be parsed.")]
    // order_by
    [InlineData("""{"experiment_ids":["0"],"order_by":["metrics.loss SIDEWAYS"]}""", "Invalid ordering key in order_by clause 'metrics.loss SIDEWAYS'.")]
    [InlineData("""{"experiment_ids":["0"],"order_by":[" metrics.loss"]}""", "Invalid order_by clause ' metrics.loss'. Could not be parsed.")]
    [InlineData("""{"experiment_ids":["0"],"order_by":["metrics.loss ASC extra"]}""", "Invalid order_by clause 'metrics.loss ASC extra'. Could not be parsed.")]
    [InlineData("""{"experiment_ids":["0"],"order_by":["attributes.nope"]}""", "Invalid attribute key 'nope' specified.")]
    [InlineData("""{"experiment_ids":["0"],"order_by":["datasets.name"]}""", "Invalid identifier type 'dataset'")]
    [InlineData("""{"experiment_ids":["0"],"order_by":["metrics.loss","metrics.loss DESC"]}""",
        "`order_by` contains duplicate fields: ['metrics.loss', 'metrics.loss DESC']")]
    // paging, limits, ids, view type
    [InlineData("""{"experiment_ids":["0"],"page_token":"!!!"}""", "Invalid page token")]
    [InlineData("""{"experiment_ids":["0"],"page_token":"eyJvZmZzZXQiOiAwfQ=="}""", "Invalid page token, parsed value=")]
    [InlineData("""{"experiment_ids":["0"],"page_token":"bm90IGpzb24="}""", "Invalid page token, decoded value=")]
    [InlineData("""{"experiment_ids":["0"],"max_results":50001}""", "Invalid value 50001 for parameter 'max_results' supplied. It must be at most 50000")]
    [InlineData("""{"experiment_ids":["0"],"max_results":0}""", "Invalid value 0 for parameter 'max_results' supplied. It must be a positive integer")]
    [InlineData("""{"experiment_ids":["0"],"max_results":-5}""", "Invalid value -5 for parameter 'max_results' supplied. It must be a positive integer")]
    [InlineData("""{"experiment_ids":["abc"]}""", "Invalid experiment ID 'abc'")]
    [InlineData("""{"experiment_ids":["987654"],"filter":"foo.bar = 'x'"}""", "Invalid entity type 'foo'.")]
    [InlineData("""{"experiment_ids":["0"],"run_view_type":"BOGUS"}""", "Invalid value \"BOGUS\" for parameter 'run_view_type' supplied")]
    public async Task Invalid_searches_are_400_with_mlflow_messages(string body, string message) =>
        await ApiAssert.Error(await Post("runs/search", body), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", message);

    [Fact]
    public async Task Unknown_experiment_ids_are_dropped_silently()
    {
        var experiment = await CreateExperimentAsync();
        var run = await CreateRunAsync(experiment);
        var body = await ApiAssert.Ok(await Post("runs/search", $$"""{"experiment_ids":["987654","{{experiment}}"]}"""));
        Assert.Equal(run, Assert.Single(RunIds(body)));
        var unknown = await ApiAssert.Ok(await Post("runs/search", """{"experiment_ids":["987654"]}"""));
        Assert.Equal("{}", unknown.GetRawText());
        var none = await ApiAssert.Ok(await Post("runs/search", """{"experiment_ids":[]}"""));
        Assert.Equal("{}", none.GetRawText());
    }

    [Fact]
    public async Task Experiments_of_another_workspace_are_dropped()
    {
        var workspace = Names.Unique("srch");
        await ApiAssert.Ok(await fixture.Client.SendAsync(Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{workspace}}"}"""), Ct),
            HttpStatusCode.Created);
        var foreign = await CreateExperimentAsync(workspace);
        var foreignRun = await CreateRunAsync(foreign, workspace);
        var own = await CreateExperimentAsync();
        var ownRun = await CreateRunAsync(own);
        var both = $$"""{"experiment_ids":["{{foreign}}","{{own}}"]}""";
        Assert.Equal(ownRun, Assert.Single(RunIds(await ApiAssert.Ok(await Post("runs/search", both)))));
        Assert.Equal(foreignRun, Assert.Single(RunIds(await ApiAssert.Ok(await Post("runs/search", both, workspace)))));
        var onlyForeign = await ApiAssert.Ok(await Post("runs/search", $$"""{"experiment_ids":["{{foreign}}"]}"""));
        Assert.Equal("{}", onlyForeign.GetRawText());
    }

    private Task<HttpResponseMessage> Post(string rpc, string json, string? workspace = null) =>
        fixture.Client.SendAsync(Json(HttpMethod.Post, $"{Api}/{rpc}", json, workspace), Ct);

    private async Task<string> CreateExperimentAsync(string? workspace = null)
    {
        var body = await ApiAssert.Ok(await Post("experiments/create", $$"""{"name":"{{Names.Unique("srch")}}"}""", workspace));
        return body.GetProperty("experiment_id").GetString()!;
    }

    private async Task<string> CreateRunAsync(string experimentId, string? workspace = null)
    {
        var body = await ApiAssert.Ok(await Post("runs/create", $$"""{"experiment_id":"{{experimentId}}","start_time":1}""", workspace));
        return body.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    private static List<string> RunIds(JsonElement body) =>
        body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()!).ToList();
}

public sealed class RunSearchErrorTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : RunSearchErrorTests<SqliteDb>(f);

public sealed class RunSearchErrorTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : RunSearchErrorTests<PostgresDb>(f);

public sealed class RunSearchErrorTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : RunSearchErrorTests<MySqlDb>(f);
