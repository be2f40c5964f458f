using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Workspaces.Data.Store;
using Workspaces.Testing;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// Two server processes on one PostgreSQL database with basic auth on, and a YARP load balancer in front of them: what an
/// operator runs to scale out. Replicas can be restarted (SIGTERM, then the same command again) while clients keep going.
/// </summary>
public sealed class ReplicaCluster : IAsyncLifetime
{
    public const string AdminPassword = "password1234"; // the shipped one, allowed because every process listens on loopback

    private readonly ServerProcess?[] _replicas = new ServerProcess?[2];
    private readonly int[] _ports = [ServerProcess.FreePort(), ServerProcess.FreePort()];
    private ITestDatabase? _database;
    private ReplicaProxy? _proxy;

    /// <summary>Null when PostgreSQL is not configured outside CI (the tests skip); under CI its absence fails the fixture.</summary>
    public ITestDatabase? Database => _database;

    public ReplicaProxy Proxy => _proxy ?? throw new InvalidOperationException("cluster not started");

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDb.CreateAsync();
        if (_database is null)
            return;
        // One after the other: the first applies the migrations, the second finds the schema current.
        for (var i = 0; i < _replicas.Length; i++)
            await StartReplicaAsync(i);
        _proxy = await ReplicaProxy.StartAsync(ServerProcess.FreePort(), _ports, CancellationToken.None);
    }

    /// <summary>A client straight to replica <paramref name="index"/> (0 = A, 1 = B), bypassing the load balancer.</summary>
    public HttpClient Direct(int index) => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{_ports[index]}"),
    };

    /// <summary>A client through the load balancer that keeps no cookies: its requests alternate between the replicas.</summary>
    public HttpClient ThroughProxy() => new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        BaseAddress = Proxy.Address,
    };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Stops replica <paramref name="index"/> with SIGTERM and starts it again on the same port; returns the exit code.</summary>
    public async Task<int> RestartAsync(int index)
    {
        var exit = await StopAsync(index);
        await StartReplicaAsync(index);
        return exit;
    }

    /// <summary>Stops replica <paramref name="index"/> as an orchestrator does (SIGTERM, then waiting); returns the exit code.</summary>
    public async Task<int> StopAsync(int index)
    {
        var replica = _replicas[index] ?? throw new InvalidOperationException($"replica {index} is not running");
        var exit = await replica.TerminateAsync(TimeSpan.FromSeconds(60));
        await replica.DisposeAsync();
        _replicas[index] = null;
        return exit;
    }

    /// <summary>Starts a stopped replica again on its port and waits until it is healthy.</summary>
    public Task StartAsync(int index) => StartReplicaAsync(index);

    /// <summary>Runs a scalar query against the shared database (what was really stored).</summary>
    public async Task<long> CountAsync(string sql)
    {
        var location = StoreUri.Parse(_database!.StoreUri, workspacesEnabled: true).Value;
        await using var connection = new NpgsqlConnection(location.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task StartReplicaAsync(int index)
    {
        var server = ServerProcess.Start(["--app-name", "basic-auth", "--backend-store-uri", _database!.StoreUri, "--host", "127.0.0.1",
            "--port", $"{_ports[index]}", "--enable-workspaces"]);
        _replicas[index] = server;
        (await server.WaitUntilHealthyAsync(_ports[index])).Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
            await _proxy.DisposeAsync();
        foreach (var replica in _replicas)
        {
            if (replica is not null)
                await replica.DisposeAsync();
        }
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
