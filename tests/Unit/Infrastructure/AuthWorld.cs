using System.Net;
using System.Text.Json;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// The fixture of reference mlflow-auth.md §7: workspaces team-a and team-b, users with the listed grants,
/// experiments E1 and E2 (team-a, with a run in E1), F1 (team-b) and model M1 (team-a), all created by the admin.
/// </summary>
public sealed class AuthWorld<TDb> : IAsyncLifetime
    where TDb : IDatabaseKind
{
    public const string Password = "user-password-123";
    private readonly ApiFixture<TDb, AuthProfile> _api = new();

    public IApiHost Host => _api;

    public string E1 { get; private set; } = "";

    public string E2 { get; private set; } = "";

    public string F1 { get; private set; } = "";

    public string RunE1 { get; private set; } = "";

    public string RunF1 { get; private set; } = "";

    public AuthClient Admin => As("admin", AuthProfile.AdminPassword);

    public AuthClient As(string user, string? password = Password) => new AuthClient(_api.Client, user, password).In("team-a");

    public AuthClient Anonymous => new AuthClient(_api.Client, null, null).In("team-a");

    public async ValueTask InitializeAsync()
    {
        await _api.InitializeAsync();
        if (!Available)
            return;
        var admin = Admin;
        foreach (var ws in new[] { "team-a", "team-b" })
            await Expect(await admin.In(null).PostAsync("/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), HttpStatusCode.Created);
        foreach (var user in new[] { "alice", "bob", "carol", "dave", "erin", "frank", "grace" })
            await Expect(await admin.PostAsync("/api/2.0/mlflow/users/create", $$"""{"username":"{{user}}","password":"{{Password}}"}"""));
        foreach (var (user, level) in new[] { ("alice", "READ"), ("bob", "MANAGE"), ("carol", "EDIT"), ("frank", "READ"), ("grace", "MANAGE") })
            await Expect(await admin.PostAsync("/api/3.0/mlflow/workspaces/team-a/permissions", $$"""{"username":"{{user}}","permission":"{{level}}"}"""));
        E1 = await CreateExperimentAsync(admin, "e1");
        E2 = await CreateExperimentAsync(admin, "e2");
        F1 = await CreateExperimentAsync(admin.In("team-b"), "f1");
        RunE1 = await CreateRunAsync(admin, E1);
        RunF1 = await CreateRunAsync(admin.In("team-b"), F1);
        await Expect(await admin.PostAsync("/api/2.0/mlflow/registered-models/create", """{"name":"M1"}"""));
        foreach (var (user, level) in new[] { ("erin", "EDIT"), ("frank", "NO_PERMISSIONS"), ("grace", "READ") })
            await Expect(await admin.PostAsync("/api/2.0/mlflow/experiments/permissions/create", $$"""{"experiment_id":"{{E1}}","username":"{{user}}","permission":"{{level}}"}"""));
    }

    public bool Available
    {
        get
        {
            try
            {
                _ = _api.Client;
                return true;
            }
            catch (Exception ex) when (ex.GetType().Name.Contains("Skip", StringComparison.Ordinal))
            {
                return false;
            }
        }
    }

    public static async Task<string> CreateExperimentAsync(AuthClient client, string name)
    {
        var body = await Expect(await client.PostAsync("/api/2.0/mlflow/experiments/create", $$"""{"name":"{{name}}-{{Guid.NewGuid():N}}"}"""));
        return body.GetProperty("experiment_id").GetString()!;
    }

    public static async Task<string> CreateRunAsync(AuthClient client, string experimentId)
    {
        var body = await Expect(await client.PostAsync("/api/2.0/mlflow/runs/create", $$"""{"experiment_id":"{{experimentId}}"}"""));
        return body.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK) => await ApiAssert.Ok(response, status);

    public ValueTask DisposeAsync() => _api.DisposeAsync();
}
