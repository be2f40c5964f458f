using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// A workspace the caller cannot enter answers exactly like a missing one (issue 12 §4): same status, code and message
/// shape for searches naming it, so the header is no existence oracle.
/// </summary>
public abstract class ExistenceOracleTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private static readonly string[] Searches =
    [
        "/api/2.0/mlflow/experiments/search?max_results=10",
        "/api/2.0/mlflow/registered-models/search",
        "/api/2.0/mlflow/model-versions/search",
        "/api/2.0/mlflow/workspaces",
    ];

    [Fact]
    public async Task A_user_without_any_grant_gets_the_missing_workspace_answer()
    {
        var dave = world.As("dave");
        foreach (var url in Searches)
        {
            await ApiAssert.Error(await dave.In("team-a").GetAsync(url), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Workspace 'team-a' not found");
            await ApiAssert.Error(await dave.In("no-such-ws").GetAsync(url), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Workspace 'no-such-ws' not found");
        }
        await ApiAssert.Error(await dave.In("team-a").PostAsync("/api/2.0/mlflow/runs/search", $$"""{"experiment_ids":["{{world.E1}}"]}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Workspace 'team-a' not found");
        await ApiAssert.Error(await dave.In("no-such-ws").PostAsync("/api/2.0/mlflow/runs/search", $$"""{"experiment_ids":["{{world.E1}}"]}"""),
            HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "Workspace 'no-such-ws' not found");
    }

    [Fact]
    public async Task Grants_on_the_workspace_or_one_of_its_resources_let_a_user_in()
    {
        // alice holds READ on team-a; erin only an explicit grant on experiment E1; frank READ plus NO_PERMISSIONS on E1.
        foreach (var user in new[] { "alice", "erin", "frank" })
            await ApiAssert.Ok(await world.As(user).In("team-a").GetAsync(Searches[0]));
        var erin = await ApiAssert.Ok(await world.As("erin").In("team-a").GetAsync(Searches[0]));
        Assert.Contains(erin.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("experiment_id").GetString() == world.E1);
        // No header: the request lands in `default`, which everyone knows exists.
        await ApiAssert.Ok(await world.As("dave").In(null).GetAsync(Searches[0]));
    }

    [Fact]
    public async Task Another_workspace_stays_hidden_from_a_member_of_one()
    {
        await ApiAssert.Error(await world.As("alice").In("team-b").GetAsync(Searches[0]), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST",
            "Workspace 'team-b' not found");
        await ApiAssert.Ok(await world.Admin.In("team-b").GetAsync(Searches[0]));
    }
}

public sealed class ExistenceOracleTests_Sqlite(AuthWorld<SqliteDb> w) : ExistenceOracleTests<SqliteDb>(w);

public sealed class ExistenceOracleTests_Postgres(AuthWorld<PostgresDb> w) : ExistenceOracleTests<PostgresDb>(w);

public sealed class ExistenceOracleTests_MySql(AuthWorld<MySqlDb> w) : ExistenceOracleTests<MySqlDb>(w);
