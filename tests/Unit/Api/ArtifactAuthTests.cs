using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// With auth on, a proxied path is judged by the experiment it lies under (READ to read, EDIT to write, MANAGE to
/// delete, as MLflow's auth plugin does); a path under no experiment needs the level on the workspace.
/// </summary>
public abstract class ArtifactAuthTests<TDb>(AuthWorld<TDb> world) : IClassFixture<AuthWorld<TDb>>
    where TDb : IDatabaseKind
{
    private static readonly byte[] Body = "artifact"u8.ToArray();

    private static string PathIn(string experimentId) => $"/api/2.0/mlflow-artifacts/artifacts/workspaces/team-a/{experimentId}/{Guid.NewGuid():N}/artifacts/f.txt";

    private static async Task Expect(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        var response = await call;
        Assert.True(response.StatusCode == status,
            $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    [Fact]
    public async Task Reading_needs_read_writing_needs_edit_and_deleting_needs_manage()
    {
        var path = PathIn(world.E1);
        await Expect(world.Admin.SendBytesAsync(HttpMethod.Put, path, Body), HttpStatusCode.OK);

        await Expect(world.As("alice").GetAsync(path), HttpStatusCode.OK);
        await Expect(world.As("alice").SendBytesAsync(HttpMethod.Put, path, Body), HttpStatusCode.Forbidden);
        await Expect(world.As("carol").SendBytesAsync(HttpMethod.Put, path, Body), HttpStatusCode.OK);
        await Expect(world.As("carol").SendAsync(HttpMethod.Delete, path), HttpStatusCode.Forbidden);
        await Expect(world.As("dave").GetAsync(path), HttpStatusCode.NotFound); // no grant in team-a: it does not exist for dave
        await Expect(world.Anonymous.GetAsync(path), HttpStatusCode.Unauthorized);
        await Expect(world.As("bob").SendAsync(HttpMethod.Delete, path), HttpStatusCode.OK);
        await Expect(world.Admin.GetAsync(path), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Explicit_experiment_grants_win_over_the_workspace_level()
    {
        var path = PathIn(world.E1);
        await Expect(world.As("erin").SendBytesAsync(HttpMethod.Put, path, Body), HttpStatusCode.OK); // EDIT on E1 only
        await Expect(world.As("erin").SendBytesAsync(HttpMethod.Put, PathIn(world.E2), Body), HttpStatusCode.Forbidden);
        await Expect(world.As("erin").GetAsync("/api/2.0/mlflow-artifacts/artifacts?path=workspaces/team-a"), HttpStatusCode.Forbidden);
        await Expect(world.As("frank").GetAsync(path), HttpStatusCode.Forbidden); // NO_PERMISSIONS on E1 beats workspace READ
        await Expect(world.As("grace").SendBytesAsync(HttpMethod.Put, path, Body), HttpStatusCode.Forbidden); // READ on E1 beats workspace MANAGE
        await Expect(world.As("alice").GetAsync("/api/2.0/mlflow-artifacts/artifacts?path=workspaces/team-a"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Run_helpers_follow_the_runs_experiment()
    {
        var upload = $"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={world.RunE1}&path=notes.txt";
        await Expect(world.As("alice").SendBytesAsync(HttpMethod.Post, upload, Body), HttpStatusCode.Forbidden);
        await Expect(world.As("carol").SendBytesAsync(HttpMethod.Post, upload, Body), HttpStatusCode.OK);
        await Expect(world.As("alice").GetAsync($"/get-artifact?run_id={world.RunE1}&path=notes.txt"), HttpStatusCode.OK);
        await Expect(world.As("alice").GetAsync($"/api/2.0/mlflow/artifacts/list?run_id={world.RunE1}"), HttpStatusCode.OK);
        // Someone who cannot see team-a learns nothing about its runs.
        await Expect(world.As("dave").GetAsync($"/get-artifact?run_id={world.RunE1}&path=notes.txt"), HttpStatusCode.NotFound);
        await Expect(world.As("dave").SendBytesAsync(HttpMethod.Post, upload, Body), HttpStatusCode.NotFound);
    }
}

public sealed class ArtifactAuthTests_Sqlite(AuthWorld<SqliteDb> world) : ArtifactAuthTests<SqliteDb>(world);

public sealed class ArtifactAuthTests_Postgres(AuthWorld<PostgresDb> world) : ArtifactAuthTests<PostgresDb>(world);

public sealed class ArtifactAuthTests_MySql(AuthWorld<MySqlDb> world) : ArtifactAuthTests<MySqlDb>(world);
