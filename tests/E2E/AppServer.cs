using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workspaces.Tests.E2E;

/// <summary>The whole host on a real Kestrel port with its own SQLite file and settings.</summary>
public sealed class AppServer : IAsyncDisposable
{
    private readonly Factory _factory;

    public AppServer(string directory, IReadOnlyDictionary<string, string> settings)
    {
        Directory.CreateDirectory(directory);
        var all = new Dictionary<string, string>(settings) 
        {
            ["Server:BackendStoreUri"] = $"sqlite:///{Path.Combine(directory, "mlflow.db")}",
            ["Server:ArtifactsDestination"] = Path.Combine(directory, "mlartifacts"),
        };
        _factory = new Factory(all);
        _factory.UseKestrel(0);
        _factory.StartServer();
        var address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        // Always 127.0.0.1: an OIDC redirect URI must match the registered one exactly, host included.
        BaseUrl = $"http://127.0.0.1:{address.Port}";
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class Factory(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
    }
}
