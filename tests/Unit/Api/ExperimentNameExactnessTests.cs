using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// MLflow compares names exactly. MySQL's default collations would call "Case", "case" and "Case " one name; the
/// schema's binary, pad-free collation keeps them three, as on SQLite and PostgreSQL.
/// </summary>
public abstract class ExperimentNameExactnessTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Names_differing_in_case_or_a_trailing_space_are_different_experiments()
    {
        var tracking = new TrackingClient(fixture);
        var name = Names.Unique("Case");
        string[] names = [name, name.ToLowerInvariant(), name + " "];
        var ids = new List<string>();
        foreach (var exact in names)
            ids.Add(await tracking.CreateExperimentAsync(exact));
        Assert.Equal(3, ids.Distinct().Count());
        foreach (var (id, exact) in ids.Zip(names))
        {
            var found = await ApiAssert.Ok(await fixture.Client.SendAsync(
                Json(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get-by-name?experiment_name={Uri.EscapeDataString(exact)}", null), Ct));
            Assert.Equal(id, found.GetProperty("experiment").GetProperty("experiment_id").GetString());
        }
    }
}

public sealed class ExperimentNameExactnessTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : ExperimentNameExactnessTests<SqliteDb>(f);

public sealed class ExperimentNameExactnessTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : ExperimentNameExactnessTests<PostgresDb>(f);

public sealed class ExperimentNameExactnessTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : ExperimentNameExactnessTests<MySqlDb>(f);
