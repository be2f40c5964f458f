using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The Default experiment has id 0, which EF Core reads as "key not set yet" on a new dependent row: a grant on it once
/// answered 500 (found by the API fuzz test). It must work like a grant on any other experiment.
/// </summary>
public abstract class DefaultExperimentGrantTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private const string Api = "/api/2.0/mlflow";

    [Fact]
    public async Task A_grant_on_the_default_experiment_is_created_read_updated_and_deleted()
    {
        var user = $"d{Guid.NewGuid():N}"[..12];
        await ApiAssert.Ok(await world.Admin.PostAsync($"{Api}/users/create", $$"""{"username":"{{user}}","password":"{{AuthWorld<TDb>.Password}}"}"""));
        var admin = world.Admin.In("default");
        var grant = $$"""{"experiment_id":"0","username":"{{user}}","permission":"READ"}""";
        await ApiAssert.Ok(await admin.PostAsync($"{Api}/experiments/permissions/create", grant));
        await ApiAssert.Error(await admin.PostAsync($"{Api}/experiments/permissions/create", grant), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        var read = await ApiAssert.Ok(await admin.GetAsync($"{Api}/experiments/permissions/get?experiment_id=0&username={user}"));
        Assert.Equal("READ", read.GetProperty("experiment_permission").GetProperty("permission").GetString());
        await ApiAssert.Ok(await admin.SendAsync(HttpMethod.Patch, $"{Api}/experiments/permissions/update",
            $$"""{"experiment_id":"0","username":"{{user}}","permission":"EDIT"}"""));
        await ApiAssert.Ok(await admin.SendAsync(HttpMethod.Delete, $"{Api}/experiments/permissions/delete", $$"""{"experiment_id":"0","username":"{{user}}"}"""));
    }
}

public sealed class DefaultExperimentGrantTests_Sqlite(AuthWorld<SqliteDb> world) : DefaultExperimentGrantTests<SqliteDb>(world);

public sealed class DefaultExperimentGrantTests_Postgres(AuthWorld<PostgresDb> world) : DefaultExperimentGrantTests<PostgresDb>(world);

public sealed class DefaultExperimentGrantTests_MySql(AuthWorld<MySqlDb> world) : DefaultExperimentGrantTests<MySqlDb>(world);
