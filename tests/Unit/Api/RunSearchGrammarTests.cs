using System.Collections.Concurrent;
using System.Text.Json;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// runs/search filter grammar, view types, ordering and paging (reference mlflow-rest-api.md §4, §12.1, §12.2, §12.5)
/// over one seeded experiment per database. The cases avoid string orderings that depend on the database collation.
/// </summary>
public abstract class RunSearchGrammarTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";

    // xunit makes a test class instance per test: the seeded experiment is kept per fixture (one database each).
    private static readonly ConcurrentDictionary<ApiFixture<TDb, DefaultProfile>, Lazy<Task<Seeded>>> Seeds = new();

    // Metrics "key=value;…" (value "NaN" is sent as the string), params and tags "key=value;…", dataset "name:digest:context".
    // Start times fix the default order (start_time DESC): delta_2, delta-1, Gamma, beta, alpha; epsilon is deleted.
    private static readonly SeedRun[] Runs =
    [
        new("alpha", 1000, "alice", "alice", "FINISHED", 1500, "loss=0.1;acc=0.9;mean error=1.5", "lr=0.01;model=LR", "env=prod;team.name=core ml", "iris:d1:training"),
        new("beta", 2000, "bob", "bob", "", 0, "loss=0.5;acc=0.7;mean error=2.5", "lr=0.1;model=lr", "env=dev;team.name=Core ML", "wine:d2:eval"),
        new("Gamma", 3000, "alice", "alice", "FINISHED", 3500, "loss=0.9;acc=0.4", "lr=0.01;model=RF", "env=prod", "iris:d1:training"),
        new("delta-1", 4000, "carol", "carol", "FAILED", 4500, "loss=NaN;acc=0.6;mean error=0.5", "lr=0.1", "env=dev;team.name=ops", ""),
        new("delta_2", 5000, "bob", "robert", "", 0, "acc=0.2;mean error=3.5", "model=LR", "", ""),
        new("epsilon", 6000, "alice", "alice", "FINISHED", 6500, "loss=0.3;acc=0.8", "lr=0.01;model=rf", "env=prod", "", Deleted: true),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(RunSearchCases.Grammar), MemberType = typeof(RunSearchCases))]
    public async Task Search_returns_the_expected_runs_in_order(string filter, string orderBy, string view, string expected)
    {
        var data = await SeedAsync();
        var resolved = filter;
        foreach (var (name, id) in data.Ids)
            resolved = resolved.Replace($"{{{name}}}", id, StringComparison.Ordinal);
        var (names, token) = await SearchAsync(data, resolved, orderBy, view);
        Assert.Equal(expected, string.Join(" ", names));
        Assert.Null(token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("metrics.loss DESC")]
    [InlineData("params.lr DESC|attributes.start_time ASC")]
    public async Task Pages_of_two_concatenate_to_the_unpaged_result(string orderBy)
    {
        var data = await SeedAsync();
        var (all, none) = await SearchAsync(data, "", orderBy, "");
        Assert.Null(none);
        Assert.Equal(5, all.Count);
        var paged = new List<string>();
        var sizes = new List<int>();
        var tokens = new List<string?>();
        string? token = null;
        do
        {
            var (names, next) = await SearchAsync(data, "", orderBy, "", maxResults: 2, pageToken: token);
            paged.AddRange(names);
            sizes.Add(names.Count);
            tokens.Add(next);
            token = next;
        }
        while (token is not null && sizes.Count < 10);
        Assert.Equal("2 2 1", string.Join(" ", sizes));
        Assert.Equal("eyJvZmZzZXQiOiAyfQ==", tokens[0]); // base64 of {"offset": 2}, as MLflow writes it
        Assert.NotNull(tokens[1]);
        Assert.Equal(string.Join(" ", all), string.Join(" ", paged));
    }

    [Fact]
    public async Task A_full_last_page_returns_a_token_and_the_page_after_it_is_empty()
    {
        var data = await SeedAsync();
        var (names, token) = await SearchAsync(data, "", "", "", maxResults: 5);
        Assert.Equal("delta_2 delta-1 Gamma beta alpha", string.Join(" ", names));
        Assert.NotNull(token);
        var after = await SearchBodyAsync(data, "", "", "", maxResults: 5, pageToken: token);
        Assert.Equal("{}", after.GetRawText());
    }

    [Fact]
    public async Task Returned_runs_carry_their_data_and_inputs()
    {
        var data = await SeedAsync();
        var body = await SearchBodyAsync(data, "attributes.run_name = 'alpha'", "", "", null, null);
        var run = Assert.Single(body.GetProperty("runs").EnumerateArray().ToList());
        Assert.Equal(data.Ids["alpha"], run.GetProperty("info").GetProperty("run_id").GetString());
        Assert.Equal("alice", run.GetProperty("info").GetProperty("user_id").GetString());
        Assert.Equal(3, run.GetProperty("data").GetProperty("metrics").GetArrayLength());
        var input = Assert.Single(run.GetProperty("inputs").GetProperty("dataset_inputs").EnumerateArray().ToList());
        Assert.Equal("iris", input.GetProperty("dataset").GetProperty("name").GetString());
    }

    private Task<Seeded> SeedAsync()
    {
        var client = fixture.Client; // skips here when the database kind is not available
        return Seeds.GetOrAdd(fixture, _ => new Lazy<Task<Seeded>>(() => CreateSeedAsync(client))).Value;
    }

    private async Task<(List<string> Names, string? Token)> SearchAsync(Seeded data, string filter, string orderBy, string view,
        int? maxResults = null, string? pageToken = null)
    {
        var body = await SearchBodyAsync(data, filter, orderBy, view, maxResults, pageToken);
        var names = body.TryGetProperty("runs", out var runs)
            ? runs.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString()!).ToList()
            : new List<string>();
        return (names, body.TryGetProperty("next_page_token", out var next) ? next.GetString() : null);
    }

    private async Task<JsonElement> SearchBodyAsync(Seeded data, string filter, string orderBy, string view, int? maxResults, string? pageToken)
    {
        var order = string.Join(",", orderBy.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(c => JsonSerializer.Serialize(c)));
        var extra = (view.Length > 0 ? $",\"run_view_type\":\"{view}\"" : "")
            + (maxResults is { } max ? $",\"max_results\":{max}" : "")
            + (pageToken is null ? "" : $",\"page_token\":{JsonSerializer.Serialize(pageToken)}");
        var json = $$"""{"experiment_ids":["{{data.ExperimentId}}"],"filter":{{JsonSerializer.Serialize(filter)}},"order_by":[{{order}}]{{extra}}}""";
        return await ApiAssert.Ok(await Post(fixture.Client, "runs/search", json));
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string rpc, string json) =>
        client.SendAsync(Json(HttpMethod.Post, $"{Api}/{rpc}", json), Ct);

    private static async Task<Seeded> CreateSeedAsync(HttpClient client)
    {
        var experiment = await ApiAssert.Ok(await Post(client, "experiments/create", $$"""{"name":"{{Names.Unique("search")}}"}"""));
        var experimentId = experiment.GetProperty("experiment_id").GetString()!;
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in Runs)
        {
            var created = await ApiAssert.Ok(await Post(client, "runs/create",
                $$"""{"experiment_id":"{{experimentId}}","run_name":"{{run.Name}}","start_time":{{run.Start}},"user_id":"{{run.User}}","tags":[{"key":"mlflow.user","value":"{{run.UserTag}}"}]}"""));
            var id = created.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
            ids[run.Name] = id;
            var metrics = string.Join(",", Pairs(run.Metrics).Select(m =>
                $$"""{"key":"{{m.Key}}","value":{{(m.Value == "NaN" ? "\"NaN\"" : m.Value)}},"timestamp":1,"step":0}"""));
            var parameters = string.Join(",", Pairs(run.Params).Select(p => $$"""{"key":"{{p.Key}}","value":"{{p.Value}}"}"""));
            var tags = string.Join(",", Pairs(run.Tags).Select(t => $$"""{"key":"{{t.Key}}","value":"{{t.Value}}"}"""));
            await ApiAssert.Ok(await Post(client, "runs/log-batch", $$"""{"run_id":"{{id}}","metrics":[{{metrics}}],"params":[{{parameters}}],"tags":[{{tags}}]}"""));
            if (run.Dataset.Length > 0)
            {
                var d = run.Dataset.Split(':');
                await ApiAssert.Ok(await Post(client, "runs/log-inputs",
                    $$$"""{"run_id":"{{{id}}}","datasets":[{"tags":[{"key":"mlflow.data.context","value":"{{{d[2]}}}"}],"dataset":{"name":"{{{d[0]}}}","digest":"{{{d[1]}}}","source_type":"local","source":"{}"}}]}"""));
            }
            if (run.Status.Length > 0)
                await ApiAssert.Ok(await Post(client, "runs/update", $$"""{"run_id":"{{id}}","status":"{{run.Status}}","end_time":{{run.End}}}"""));
            if (run.Deleted)
                await ApiAssert.Ok(await Post(client, "runs/delete", $$"""{"run_id":"{{id}}"}"""));
        }
        return new Seeded(experimentId, ids);
    }

    private static List<(string Key, string Value)> Pairs(string spec) =>
        spec.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).Select(p => (p[0], p[1])).ToList();

    private sealed record SeedRun(string Name, long Start, string User, string UserTag, string Status, long End,
        string Metrics, string Params, string Tags, string Dataset, bool Deleted = false);

    private sealed record Seeded(string ExperimentId, Dictionary<string, string> Ids);
}

/// <summary>
/// (filter, order_by clauses joined by '|', run_view_type or "" for the default, expected run names in order).
/// <c>{name}</c> in a filter is replaced by that run's id. NaN is stored as 0 with is_nan (as MLflow does), so the
/// metric cases never compare loss with a bound that 0 would satisfy.
/// </summary>
public static class RunSearchCases
{
    public static TheoryData<string, string, string, string> Grammar => new()
    {
        // metrics: every comparator, aliases, quoted keys, number forms; missing keys never match (also for !=)
        { "metrics.loss > 0.4", "", "", "Gamma beta" },
        { "metrics.loss >= 0.9", "", "", "Gamma" },
        { "metrics.acc < 0.6", "", "", "delta_2 Gamma" },
        { "metrics.acc <= 0.6", "", "", "delta_2 delta-1 Gamma" },
        { "metrics.acc = 0.7", "", "", "beta" },
        { "metrics.acc != 0.7", "", "", "delta_2 delta-1 Gamma alpha" },
        { "metrics.loss != 0.5", "", "", "delta-1 Gamma alpha" },
        { "metric.acc > 0.85", "", "", "alpha" },
        { "metrics.acc < 5e-1", "", "", "delta_2 Gamma" },
        { "metrics.acc > -1", "", "", "delta_2 delta-1 Gamma beta alpha" },
        { "metrics.`mean error` > 2", "", "", "delta_2 beta" },
        { "metrics.\"mean error\" < 1", "", "", "delta-1" },
        { "metrics.acc > 0.3 AND metrics.acc < 0.8", "", "", "delta-1 Gamma beta" },
        // params: = != LIKE ILIKE, wildcards, case sensitivity, double-quoted value
        { "params.lr = '0.01'", "", "", "Gamma alpha" },
        { "params.lr != '0.01'", "", "", "delta-1 beta" },
        { "params.model = 'LR'", "", "", "delta_2 alpha" },
        { "params.model LIKE 'L%'", "", "", "delta_2 alpha" },
        { "params.model ILIKE 'l%'", "", "", "delta_2 beta alpha" },
        { "param.model LIKE '_F'", "", "", "Gamma" },
        { "parameter.model ILIKE '_f'", "", "ALL", "epsilon Gamma" },
        { "parameters.lr LIKE '0.0%'", "", "", "Gamma alpha" },
        { "params.model != 'lr'", "", "", "delta_2 Gamma alpha" },
        { "params.model = \"RF\"", "", "", "Gamma" },
        // tags
        { "tags.env = 'prod'", "", "", "Gamma alpha" },
        { "tags.env != 'prod'", "", "", "delta-1 beta" },
        { "tag.env LIKE 'p%'", "", "", "Gamma alpha" },
        { "tags.env ILIKE 'PROD'", "", "", "Gamma alpha" },
        { "tags.env LIKE 'PROD'", "", "", "" },
        { "tags.`team.name` = 'core ml'", "", "", "alpha" },
        { "tags.`team.name` ILIKE 'core%'", "", "", "beta alpha" },
        { "tags.`team.name` LIKE 'Core%'", "", "", "beta" },
        { "tags.\"team.name\" = 'ops'", "", "", "delta-1" },
        { "tags.`mlflow.user` = 'bob'", "", "", "beta" },
        // attributes
        { "attributes.run_name = 'alpha'", "", "", "alpha" },
        { "run_name = 'beta'", "", "", "beta" },
        { "`Run name` = 'Gamma'", "", "", "Gamma" },
        { "attr.run_name LIKE 'delta%'", "", "", "delta_2 delta-1" },
        { "run_name LIKE 'delta_1'", "", "", "delta-1" },
        { "run_name ILIKE 'gamma'", "", "", "Gamma" },
        { "run_name LIKE 'gamma'", "", "", "" },
        { "run.run_name != 'alpha'", "", "", "delta_2 delta-1 Gamma beta" },
        { "attributes.status = 'FINISHED'", "", "", "Gamma alpha" },
        { "status != 'RUNNING'", "", "", "delta-1 Gamma alpha" },
        { "status LIKE 'FAIL%'", "", "", "delta-1" },
        { "user_id = 'bob'", "", "", "delta_2 beta" },
        { "attributes.user_id ILIKE 'AL%'", "", "", "Gamma alpha" },
        { "attributes.start_time > 2000", "", "", "delta_2 delta-1 Gamma" },
        { "start_time <= 2000", "", "", "beta alpha" },
        { "created >= 4000", "", "", "delta_2 delta-1" },
        { "attributes.Created < 2500", "", "", "beta alpha" },
        { "attributes.end_time > 3000", "", "", "delta-1 Gamma" },
        { "end_time != 3500", "", "", "delta-1 alpha" },
        { "attributes.run_id IN ('{alpha}', '{beta}')", "", "", "beta alpha" },
        { "run_id NOT IN ('{alpha}', '{beta}')", "", "", "delta_2 delta-1 Gamma" },
        { "run_id in ('{alpha}', 'ABC')", "", "", "alpha" },
        { "run_id = '{Gamma}'", "", "", "Gamma" },
        { "attributes.artifact_uri LIKE '%{delta-1}%'", "", "", "delta-1" },
        // datasets
        { "datasets.name = 'iris'", "", "", "Gamma alpha" },
        { "dataset.digest = 'd2'", "", "", "beta" },
        { "datasets.context IN ('training')", "", "", "Gamma alpha" },
        { "datasets.context = 'eval'", "", "", "beta" },
        { "datasets.name IN ('iris', 'wine')", "", "", "Gamma beta alpha" },
        { "datasets.name NOT IN ('iris')", "", "", "beta" },
        { "datasets.digest LIKE 'd%'", "", "", "Gamma beta alpha" },
        // AND, lower-case keywords
        { "metrics.loss < 0.6 AND params.lr = '0.01'", "", "", "alpha" },
        { "metrics.acc > 0.5 and params.lr like '0.1'", "", "", "delta-1 beta" },
        { "tags.env = 'prod' AND params.model = 'RF' AND metrics.acc < 0.5 AND status = 'FINISHED'", "", "", "Gamma" },
        // run_view_type
        { "", "", "", "delta_2 delta-1 Gamma beta alpha" },
        { "", "", "ACTIVE_ONLY", "delta_2 delta-1 Gamma beta alpha" },
        { "", "", "DELETED_ONLY", "epsilon" },
        { "", "", "ALL", "epsilon delta_2 delta-1 Gamma beta alpha" },
        { "tags.env = 'prod'", "", "ALL", "epsilon Gamma alpha" },
        { "params.lr = '0.01'", "", "DELETED_ONLY", "epsilon" },
        // order_by: NaN after numbers, missing last in both directions, ties by start_time DESC then run_id
        { "", "metrics.loss ASC", "", "alpha beta Gamma delta-1 delta_2" },
        { "", "metrics.loss DESC", "", "Gamma beta alpha delta-1 delta_2" },
        { "", "metrics.loss", "", "alpha beta Gamma delta-1 delta_2" },
        { "", "metrics.loss ASC", "ALL", "alpha epsilon beta Gamma delta-1 delta_2" },
        { "", "metrics.`mean error` DESC", "", "delta_2 beta alpha delta-1 Gamma" },
        { "", "params.lr DESC", "", "delta-1 beta Gamma alpha delta_2" },
        { "", "params.lr", "", "Gamma alpha delta-1 beta delta_2" },
        { "", "params.lr DESC|metrics.acc DESC", "", "beta delta-1 alpha Gamma delta_2" },
        { "", "attributes.start_time ASC", "", "alpha beta Gamma delta-1 delta_2" },
        { "", "start_time DESC", "", "delta_2 delta-1 Gamma beta alpha" },
        { "", "created ASC", "", "alpha beta Gamma delta-1 delta_2" },
        { "run_name != 'Gamma' AND run_name != 'delta_2'", "attributes.run_name ASC", "", "alpha beta delta-1" },
        { "run_name != 'Gamma' AND run_name != 'delta_2'", "run_name DESC", "", "delta-1 beta alpha" },
        { "", "tags.env ASC", "", "delta-1 beta Gamma alpha delta_2" },
        { "", "tags.env DESC", "", "Gamma alpha delta-1 beta delta_2" },
        { "", "attributes.end_time DESC", "", "delta-1 Gamma alpha delta_2 beta" },
        { "", "status ASC", "", "delta-1 Gamma alpha delta_2 beta" },
        { "params.lr = '0.01'", "metrics.acc ASC", "", "Gamma alpha" },
        // filtered and ordered on the same key (the filter's join serves the order): NaN still after numbers
        { "metrics.loss != 0.5", "metrics.loss DESC", "", "Gamma alpha delta-1" },
        { "metrics.loss != 0.5", "metrics.loss ASC", "", "alpha Gamma delta-1" },
        { "metrics.acc > 0.3", "metrics.acc DESC", "", "alpha beta delta-1 Gamma" },
        { "params.lr != 'x'", "params.lr DESC", "", "delta-1 beta Gamma alpha" },
    };
}

public sealed class RunSearchGrammarTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : RunSearchGrammarTests<SqliteDb>(f);

public sealed class RunSearchGrammarTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : RunSearchGrammarTests<PostgresDb>(f);

public sealed class RunSearchGrammarTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : RunSearchGrammarTests<MySqlDb>(f);
