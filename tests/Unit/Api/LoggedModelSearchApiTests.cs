using System.Net;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>logged-models/search over HTTP (reference mlflow-rest-api.md §5): experiments, filters, order, paging, workspaces.</summary>
public abstract class LoggedModelSearchApiTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";
    private const string Models = Api + "/logged-models";

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string? workspace = null) =>
        Client.SendAsync(Json(method, url, json, workspace), Ct);

    private Task<HttpResponseMessage> Search(string json, string? workspace = null) => Send(HttpMethod.Post, $"{Models}/search", json, workspace);

    private async Task<JsonElement> SearchOk(string json, string? workspace = null) => await ApiAssert.Ok(await Search(json, workspace));

    private async Task<string> CreateWorkspaceAsync()
    {
        var name = Names.Unique("team");
        await ApiAssert.Ok(await Send(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{name}}"}"""), HttpStatusCode.Created);
        return name;
    }

    private async Task<string> CreateExperimentAsync(string? workspace = null)
    {
        var body = await ApiAssert.Ok(await Send(HttpMethod.Post, $"{Api}/experiments/create", $$"""{"name":"{{Names.Unique("exp")}}"}""", workspace));
        return body.GetProperty("experiment_id").GetString()!;
    }

    /// <summary>Creates a model and returns its id; <paramref name="extra"/> is appended to the body after experiment_id.</summary>
    private async Task<string> CreateModelAsync(string experimentId, string extra = "", string? workspace = null)
    {
        var body = await ApiAssert.Ok(await Send(HttpMethod.Post, Models, $$"""{"experiment_id":"{{experimentId}}"{{extra}}}""", workspace));
        return body.GetProperty("model").GetProperty("info").GetProperty("model_id").GetString()!;
    }

    private static List<string> Ids(JsonElement body) =>
        body.TryGetProperty("models", out var list)
            ? list.EnumerateArray().Select(m => m.GetProperty("info").GetProperty("model_id").GetString()!).ToList()
            : new List<string>();

    private static string? NextToken(JsonElement body) => body.TryGetProperty("next_page_token", out var token) ? token.GetString() : null;

    private static List<string> Sorted(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Search_is_limited_to_the_given_experiments()
    {
        var e1 = await CreateExperimentAsync();
        var e2 = await CreateExperimentAsync();
        var empty = await CreateExperimentAsync();
        var m1 = await CreateModelAsync(e1);
        var m2 = await CreateModelAsync(e2);
        Assert.Equal(m1, Assert.Single(Ids(await SearchOk($$"""{"experiment_ids":["{{e1}}"]}"""))));
        Assert.Equal(Sorted([m1, m2]), Sorted(Ids(await SearchOk($$"""{"experiment_ids":["{{e1}}","{{e2}}"]}"""))));
        Assert.Equal("{}", (await SearchOk($$"""{"experiment_ids":["{{empty}}"]}""")).GetRawText());
    }

    [Theory]
    [InlineData("name = '{name}'")]
    [InlineData("tags.k = 'v'")]
    [InlineData("params.p = 'v'")]
    [InlineData("name LIKE '{name}%'")]
    public async Task Filter_selects_the_matching_model(string template)
    {
        var experiment = await CreateExperimentAsync();
        var name = Names.Unique("hit");
        var hit = await CreateModelAsync(experiment, $$""","name":"{{name}}","tags":[{"key":"k","value":"v"}],"params":[{"key":"p","value":"v"}]""");
        await CreateModelAsync(experiment, $$""","name":"{{Names.Unique("miss")}}","tags":[{"key":"k","value":"w"}],"params":[{"key":"p","value":"w"}]""");
        await CreateModelAsync(experiment);
        var filter = template.Replace("{name}", name, StringComparison.Ordinal);
        Assert.Equal(hit, Assert.Single(Ids(await SearchOk($$"""{"experiment_ids":["{{experiment}}"],"filter":"{{filter}}"}"""))));
    }

    [Fact]
    public async Task Metric_filter_uses_metrics_logged_with_a_model_id()
    {
        var experiment = await CreateExperimentAsync();
        var hit = await CreateModelAsync(experiment);
        var miss = await CreateModelAsync(experiment);
        await CreateModelAsync(experiment);
        var runBody = await ApiAssert.Ok(await Send(HttpMethod.Post, $"{Api}/runs/create", $$"""{"experiment_id":"{{experiment}}"}"""));
        var run = runBody.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        await ApiAssert.Ok(await Send(HttpMethod.Post, $"{Api}/runs/log-metric",
            $$"""{"run_id":"{{run}}","key":"m","value":0.7,"timestamp":1700000000000,"step":0,"model_id":"{{hit}}"}"""));
        await ApiAssert.Ok(await Send(HttpMethod.Post, $"{Api}/runs/log-metric",
            $$"""{"run_id":"{{run}}","key":"m","value":0.2,"timestamp":1700000000001,"step":0,"model_id":"{{miss}}"}"""));

        var found = await SearchOk($$"""{"experiment_ids":["{{experiment}}"],"filter":"metrics.m > 0.5"}""");
        Assert.Equal(hit, Assert.Single(Ids(found)));
        var metric = Assert.Single(found.GetProperty("models")[0].GetProperty("data").GetProperty("metrics").EnumerateArray());
        Assert.Equal("m", metric.GetProperty("key").GetString());
        Assert.Equal(0.7, metric.GetProperty("value").GetDouble());
        Assert.Equal(hit, metric.GetProperty("model_id").GetString());
        Assert.Equal(Sorted([hit, miss]), Sorted(Ids(await SearchOk($$"""{"experiment_ids":["{{experiment}}"],"filter":"metrics.m >= 0.2"}"""))));
    }

    [Fact]
    public async Task Max_results_pages_through_every_model_once()
    {
        var experiment = await CreateExperimentAsync();
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
            created.Add(await CreateModelAsync(experiment));
        var request = $$"""{"experiment_ids":["{{experiment}}"],"max_results":1""";
        var first = await SearchOk(request + "}");
        var seen = new List<string> { Assert.Single(Ids(first)) };
        var token = NextToken(first);
        for (var page = 2; page <= 3; page++)
        {
            Assert.False(string.IsNullOrEmpty(token), "A page before the last has no next_page_token");
            var body = await SearchOk(request + $$""","page_token":"{{token}}"}""");
            seen.Add(Assert.Single(Ids(body)));
            token = NextToken(body);
        }
        Assert.True(string.IsNullOrEmpty(token), $"The last page still has a token: {token}");
        Assert.Equal(Sorted(created), Sorted(seen));
    }

    [Fact]
    public async Task Order_by_name_sorts_both_ways()
    {
        var experiment = await CreateExperimentAsync();
        var prefix = Names.Unique("order");
        var c = await CreateModelAsync(experiment, $$""","name":"{{prefix}}-c" """);
        var a = await CreateModelAsync(experiment, $$""","name":"{{prefix}}-a" """);
        var b = await CreateModelAsync(experiment, $$""","name":"{{prefix}}-b" """);
        var ascending = await SearchOk($$"""{"experiment_ids":["{{experiment}}"],"order_by":[{"field_name":"name","ascending":true}]}""");
        Assert.Equal(new[] { a, b, c }, Ids(ascending));
        var descending = await SearchOk($$"""{"experiment_ids":["{{experiment}}"],"order_by":[{"field_name":"name","ascending":false}]}""");
        Assert.Equal(new[] { c, b, a }, Ids(descending));
    }

    [Fact]
    public async Task Deleted_models_are_not_found()
    {
        var experiment = await CreateExperimentAsync();
        var kept = await CreateModelAsync(experiment);
        var gone = await CreateModelAsync(experiment);
        await ApiAssert.Ok(await Send(HttpMethod.Delete, $"{Models}/{gone}"));
        Assert.Equal(kept, Assert.Single(Ids(await SearchOk($$"""{"experiment_ids":["{{experiment}}"]}"""))));
    }

    [Fact]
    public async Task An_unknown_filter_entity_is_refused()
    {
        var experiment = await CreateExperimentAsync();
        await ApiAssert.Error(await Search($$"""{"experiment_ids":["{{experiment}}"],"filter":"foo.bar = 'x'"}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid entity type: 'foo'");
    }

    [Fact]
    public async Task An_unknown_order_by_field_is_refused()
    {
        var experiment = await CreateExperimentAsync();
        await ApiAssert.Error(await Search($$"""{"experiment_ids":["{{experiment}}"],"order_by":[{"field_name":"color"}]}"""), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Invalid order by field name: color");
    }

    [Fact]
    public async Task Another_workspaces_experiment_yields_nothing()
    {
        var ws = await CreateWorkspaceAsync();
        var experiment = await CreateExperimentAsync(ws);
        var model = await CreateModelAsync(experiment, workspace: ws);
        Assert.Equal("{}", (await SearchOk($$"""{"experiment_ids":["{{experiment}}"]}""")).GetRawText());
        Assert.Equal(model, Assert.Single(Ids(await SearchOk($$"""{"experiment_ids":["{{experiment}}"]}""", ws))));
    }
}

public sealed class LoggedModelSearchApiTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : LoggedModelSearchApiTests<SqliteDb>(f);

public sealed class LoggedModelSearchApiTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : LoggedModelSearchApiTests<PostgresDb>(f);

public sealed class LoggedModelSearchApiTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : LoggedModelSearchApiTests<MySqlDb>(f);
