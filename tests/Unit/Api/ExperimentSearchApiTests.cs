using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>experiments/search (and the experiments/list alias) over HTTP: reference mlflow-rest-api.md §3 and §12.3, §12.5.</summary>
public abstract class ExperimentSearchApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Post(string rpc, string json) => Client.SendAsync(Json(HttpMethod.Post, $"{Api}/{rpc}", json), Ct);

    private Task<HttpResponseMessage> Get(string rpcWithQuery) => Client.SendAsync(Json(HttpMethod.Get, $"{Api}/{rpcWithQuery}", null), Ct);

    private Task<HttpResponseMessage> Search(string json) => Post("experiments/search", json);

    private async Task<JsonElement> SearchOk(string json) => await ApiAssert.Ok(await Search(json));

    private async Task<string> CreateExperimentAsync(string name, string tagsJson = "[]")
    {
        var body = await ApiAssert.Ok(await Post("experiments/create", $$"""{"name":"{{name}}","tags":{{tagsJson}}}"""));
        return body.GetProperty("experiment_id").GetString()!;
    }

    private static List<string> Ids(JsonElement body) =>
        body.TryGetProperty("experiments", out var list)
            ? list.EnumerateArray().Select(e => e.GetProperty("experiment_id").GetString()!).ToList()
            : new List<string>();

    private static string? NextToken(JsonElement body) => body.TryGetProperty("next_page_token", out var token) ? token.GetString() : null;

    [Fact]
    public async Task Post_and_get_find_the_experiment_by_name()
    {
        var name = Names.Unique("find");
        var id = await CreateExperimentAsync(name);
        var filter = $"name = '{name}'";
        var posted = await SearchOk($$"""{"filter":"{{filter}}"}""");
        Assert.Equal(id, Assert.Single(Ids(posted)));
        Assert.Null(NextToken(posted));
        var experiment = posted.GetProperty("experiments")[0];
        Assert.Equal(name, experiment.GetProperty("name").GetString());
        Assert.Equal("default", experiment.GetProperty("workspace").GetString());
        var got = await ApiAssert.Ok(await Get($"experiments/search?filter={Uri.EscapeDataString(filter)}"));
        Assert.Equal(id, Assert.Single(Ids(got)));
    }

    [Fact]
    public async Task Max_results_pages_through_every_experiment_once()
    {
        var prefix = Names.Unique("page");
        var created = new List<string>
        {
            await CreateExperimentAsync($"{prefix}-a"),
            await CreateExperimentAsync($"{prefix}-b"),
            await CreateExperimentAsync($"{prefix}-c"),
        };
        var filter = $"name LIKE '{prefix}-%'";
        var first = await SearchOk($$"""{"filter":"{{filter}}","max_results":1}""");
        var token = NextToken(first);
        Assert.False(string.IsNullOrEmpty(token));
        var seen = new List<string> { Assert.Single(Ids(first)) };
        for (var page = 2; page <= 3; page++)
        {
            var body = await SearchOk($$"""{"filter":"{{filter}}","max_results":1,"page_token":"{{token}}"}""");
            seen.Add(Assert.Single(Ids(body)));
            token = NextToken(body);
            if (page < 3)
                Assert.False(string.IsNullOrEmpty(token));
        }
        Assert.True(string.IsNullOrEmpty(token), $"The last page still has a token: {token}");
        Assert.Equal(created.Order(StringComparer.Ordinal).ToList(), seen.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Get_search_takes_max_results_and_page_token_from_the_query()
    {
        var prefix = Names.Unique("qpage");
        var a = await CreateExperimentAsync($"{prefix}-a");
        var b = await CreateExperimentAsync($"{prefix}-b");
        var filter = Uri.EscapeDataString($"name LIKE '{prefix}-%'");
        var first = await ApiAssert.Ok(await Get($"experiments/search?filter={filter}&max_results=1"));
        var token = NextToken(first)!;
        var second = await ApiAssert.Ok(await Get($"experiments/search?filter={filter}&max_results=1&page_token={Uri.EscapeDataString(token)}"));
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal).ToList(),
            Ids(first).Concat(Ids(second)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Like_is_case_sensitive_and_ilike_is_not()
    {
        var prefix = Names.Unique("case");
        var id = await CreateExperimentAsync($"{prefix}-Mixed");
        Assert.Equal(id, Assert.Single(Ids(await SearchOk($$"""{"filter":"name LIKE '{{prefix}}-Mi%'"}"""))));
        Assert.Empty(Ids(await SearchOk($$"""{"filter":"name LIKE '{{prefix}}-mi%'"}""")));
        Assert.Equal(id, Assert.Single(Ids(await SearchOk($$"""{"filter":"name ILIKE '{{prefix}}-mi%'"}"""))));
        Assert.Equal(id, Assert.Single(Ids(await SearchOk($$"""{"filter":"name ILIKE '{{prefix}}-MIXED'"}"""))));
        Assert.Empty(Ids(await SearchOk($$"""{"filter":"name = '{{prefix}}-mixed'"}""")));
    }

    [Fact]
    public async Task Keywords_are_case_insensitive()
    {
        var prefix = Names.Unique("kw");
        var id = await CreateExperimentAsync($"{prefix}-x", """[{"key":"team","value":"ml"}]""");
        Assert.Equal(id, Assert.Single(Ids(await SearchOk($$"""{"filter":"name like '{{prefix}}%' and tags.team ilike 'ML'"}"""))));
    }

    [Fact]
    public async Task Tag_filter_selects_tagged_experiments()
    {
        var prefix = Names.Unique("tag");
        var tagged = await CreateExperimentAsync($"{prefix}-a", """[{"key":"team","value":"ml"}]""");
        await CreateExperimentAsync($"{prefix}-b", """[{"key":"team","value":"ops"}]""");
        await CreateExperimentAsync($"{prefix}-c");
        Assert.Equal(tagged, Assert.Single(Ids(await SearchOk($$"""{"filter":"name LIKE '{{prefix}}%' AND tags.team = 'ml'"}"""))));
        Assert.Equal(tagged, Assert.Single(Ids(await SearchOk($$"""{"filter":"name LIKE '{{prefix}}%' AND tags.team LIKE 'm%'"}"""))));
    }

    [Fact]
    public async Task Or_is_refused() =>
        await ApiAssert.Error(await Search("""{"filter":"name = 'x' OR name = 'y'"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid clause(s) in filter string");

    [Theory]
    [InlineData("50001", "It must be at most 50000")]
    [InlineData("0", "must be a positive integer")]
    [InlineData("-1", "must be a positive integer")]
    public async Task Max_results_out_of_range_is_refused(string maxResults, string expected)
    {
        var message = await ApiAssert.Error(await Search($$"""{"max_results":{{maxResults}}}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Omitted_max_results_returns_results()
    {
        var id = await CreateExperimentAsync(Names.Unique("omit"));
        var posted = Ids(await SearchOk("{}"));
        Assert.Contains("0", posted);
        Assert.Contains(id, posted);
        var got = Ids(await ApiAssert.Ok(await Get("experiments/search")));
        Assert.Contains(id, got);
    }

    [Fact]
    public async Task View_type_selects_active_deleted_or_all()
    {
        var prefix = Names.Unique("view");
        var gone = await CreateExperimentAsync($"{prefix}-gone");
        var kept = await CreateExperimentAsync($"{prefix}-kept");
        await ApiAssert.Ok(await Post("experiments/delete", $$"""{"experiment_id":"{{gone}}"}"""));
        var filter = $"name LIKE '{prefix}%'";
        Assert.Equal(kept, Assert.Single(Ids(await SearchOk($$"""{"filter":"{{filter}}"}"""))));
        Assert.Equal(kept, Assert.Single(Ids(await SearchOk($$"""{"filter":"{{filter}}","view_type":"ACTIVE_ONLY"}"""))));
        Assert.Equal(gone, Assert.Single(Ids(await SearchOk($$"""{"filter":"{{filter}}","view_type":"DELETED_ONLY"}"""))));
        var all = Ids(await SearchOk($$"""{"filter":"{{filter}}","view_type":"ALL"}"""));
        Assert.Equal(new[] { gone, kept }.Order(StringComparer.Ordinal).ToList(), all.Order(StringComparer.Ordinal).ToList());
        var deletedByGet = await ApiAssert.Ok(await Get($"experiments/search?filter={Uri.EscapeDataString(filter)}&view_type=DELETED_ONLY"));
        Assert.Equal(gone, Assert.Single(Ids(deletedByGet)));
    }

    [Fact]
    public async Task Order_by_name_sorts_both_ways()
    {
        var prefix = Names.Unique("order");
        var c = await CreateExperimentAsync($"{prefix}-c");
        var a = await CreateExperimentAsync($"{prefix}-a");
        var b = await CreateExperimentAsync($"{prefix}-b");
        var ascending = await SearchOk($$"""{"filter":"name LIKE '{{prefix}}%'","order_by":["name ASC"]}""");
        Assert.Equal(new[] { a, b, c }, Ids(ascending));
        var descending = await SearchOk($$"""{"filter":"name LIKE '{{prefix}}%'","order_by":["name DESC"]}""");
        Assert.Equal(new[] { c, b, a }, Ids(descending));
        var plain = await SearchOk($$"""{"filter":"name LIKE '{{prefix}}%'","order_by":["name"]}""");
        Assert.Equal(new[] { a, b, c }, Ids(plain));
    }

    [Fact]
    public async Task Invalid_order_by_direction_is_refused() =>
        await ApiAssert.Error(await Search("""{"order_by":["name SIDEWAYS"]}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid ordering key in order_by clause 'name SIDEWAYS'.");

    [Fact]
    public async Task Order_by_an_unknown_attribute_is_refused() =>
        await ApiAssert.Error(await Search("""{"order_by":["color ASC"]}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid attribute key 'color' specified.");

    [Fact]
    public async Task Bad_page_token_is_refused() =>
        await ApiAssert.Error(await Search("""{"page_token":"!!!"}"""), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid page token");

    [Fact]
    public async Task Experiments_list_is_an_alias_of_search()
    {
        var id = await CreateExperimentAsync(Names.Unique("list"));
        var all = Ids(await ApiAssert.Ok(await Get("experiments/list")));
        Assert.Contains("0", all);
        Assert.Contains(id, all);
        var page = await ApiAssert.Ok(await Get("experiments/list?max_results=1"));
        Assert.Single(Ids(page));
        Assert.False(string.IsNullOrEmpty(NextToken(page)));
    }

    [Fact]
    public async Task No_match_answers_an_empty_object()
    {
        var body = await SearchOk($$"""{"filter":"name = '{{Names.Unique("none")}}'"}""");
        Assert.Equal("{}", body.GetRawText());
    }
}

public sealed class ExperimentSearchApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : ExperimentSearchApiTests<SqliteDb>(f);

public sealed class ExperimentSearchApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : ExperimentSearchApiTests<PostgresDb>(f);

public sealed class ExperimentSearchApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : ExperimentSearchApiTests<MySqlDb>(f);
