using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Liveness and readiness probes for load balancers (issue 18 §3), on each database.</summary>
public abstract class HealthTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Live_says_ok_and_ready_checks_the_database_its_schema_and_the_artifact_store()
    {
        Assert.Equal("OK", await fixture.Client.GetStringAsync("/health/live", Ct));
        var ready = await ApiAssert.Ok(await fixture.Client.GetAsync("/health/ready", Ct));
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks");
        Assert.Equal(["artifacts", "database", "schema"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("ok", c.Value.GetString()));
    }
}

public sealed class HealthTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : HealthTests<SqliteDb>(f);

public sealed class HealthTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : HealthTests<PostgresDb>(f);

public sealed class HealthTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : HealthTests<MySqlDb>(f);

/// <summary>The readiness check's failures, on stores a running server could find itself with.</summary>
public sealed class ReadinessFailureTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ws-ready-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServiceProvider Services(string storeUri)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new ServerSettings { ArtifactsDestination = Path.Combine(_directory.FullName, "artifacts") });
        services.AddSingleton(new StoreConnection(StoreUri.Parse(storeUri, workspacesEnabled: true).Value));
        services.AddWorkspacesData();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_database_another_server_left_behind_is_not_ready_and_says_the_schema_is_older()
    {
        var uri = $"sqlite:///{Path.Combine(_directory.FullName, "old.db")}";
        await using var services = Services(uri);
        await using (var db = services.GetRequiredService<StoreConnection>().CreateContext(new WorkspaceContext()))
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), Ct);
        await using var scope = services.CreateAsyncScope();

        var items = await scope.ServiceProvider.GetRequiredService<ReadinessCheck>().RunAsync(Ct);

        Assert.True(items.Single(i => i.Name == "database").Ok);
        var schema = items.Single(i => i.Name == "schema");
        Assert.False(schema.Ok);
        Assert.Contains("older than this server", schema.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_not_ready_and_the_reason_hides_the_password()
    {
        await using var services = Services("postgresql://probe:secret@127.0.0.1:1/nothing");
        await using var scope = services.CreateAsyncScope();

        var items = await scope.ServiceProvider.GetRequiredService<ReadinessCheck>().RunAsync(Ct);

        var database = items.Single(i => i.Name == "database");
        Assert.False(database.Ok);
        Assert.DoesNotContain("secret", database.Problem, StringComparison.Ordinal);
        Assert.False(items.Single(i => i.Name == "schema").Ok);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

/// <summary>Prometheus metrics on (issue 18 §3).</summary>
public sealed class MetricsProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(DefaultProfile.Settings)
    {
        ["Server:Metrics"] = "true",
    };
}

/// <summary><c>/metrics</c>: off by default; on, it carries request metrics per route template and the ingested rows.</summary>
public sealed class ServerMetricsTests(ApiFixture<SqliteDb, MetricsProfile> on, ApiFixture<SqliteDb, DefaultProfile> off)
    : IClassFixture<ApiFixture<SqliteDb, MetricsProfile>>, IClassFixture<ApiFixture<SqliteDb, DefaultProfile>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_are_scraped_per_route_template_with_the_ingested_rows_and_are_off_by_default()
    {
        var tracking = new TrackingClient(on);
        var run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
        await ApiAssert.Ok(await tracking.PostAsync("runs/log-batch",
            $$"""{"run_id":"{{run}}","metrics":[{"key":"a","value":1,"timestamp":1,"step":0},{"key":"b","value":2,"timestamp":1,"step":0}]}"""));

        // The SDK collects on scrape; a second scrape sees what the first request's instruments recorded.
        await on.Client.GetStringAsync("/metrics", Ct);
        var text = await on.Client.GetStringAsync("/metrics", Ct);
        Assert.Contains("workspaces_ingested_metric_rows", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/2.0/mlflow/runs/log-batch\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(run, text, StringComparison.Ordinal); // no per-run (or per-path) labels

        using var disabled = await off.Client.GetAsync("/metrics", Ct);
        Assert.NotEqual(System.Net.HttpStatusCode.OK, disabled.StatusCode);
    }
}
