using Workspaces.Testing;

namespace Workspaces.Bench;

/// <summary>
/// N server processes on one database behind the YARP round-robin proxy (<c>--replicas N</c>): the bench's clients keep no
/// cookies, so their requests alternate between replicas, as a team's MLflow clients would behind a load balancer.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private readonly List<ServerUnderTest> _servers;
    private readonly ReplicaProxy _proxy;

    private ReplicaSet(List<ServerUnderTest> servers, ReplicaProxy proxy) => (_servers, _proxy) = (servers, proxy);

    public Uri BaseAddress => _proxy.Address;

    public static async Task<ReplicaSet> StartAsync(string storeUri, int replicas)
    {
        var servers = new List<ServerUnderTest>();
        // One after the other: the first creates the schema.
        for (var i = 0; i < replicas; i++)
            servers.Add(await ServerUnderTest.StartAsync(storeUri));
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        var proxy = await ReplicaProxy.StartAsync(port, [.. servers.Select(s => s.BaseAddress.Port)], CancellationToken.None);
        return new ReplicaSet(servers, proxy);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        foreach (var server in _servers)
            await server.DisposeAsync();
    }
}
