using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workspaces.Data.Common;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>Server settings a fixture starts with (beyond the store URI).</summary>
public interface ISettingsProfile
{
    static abstract IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>A new workspace for one test, made the way this profile's catalog makes them (the API, by default).</summary>
    static virtual async Task<string> NewWorkspaceAsync(IApiHost host, string prefix)
    {
        var name = Names.Unique(prefix);
        await ApiAssert.Ok(await host.Client.SendAsync(HttpTestExtensions.Json(HttpMethod.Post, "/api/3.0/mlflow/workspaces", $$"""{"name":"{{name}}"}"""),
            TestContext.Current.CancellationToken), System.Net.HttpStatusCode.Created);
        return name;
    }
}

/// <summary>The conformance setup of the reference: workspaces on, a file artifact root.</summary>
public sealed class DefaultProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "file:///tmp/mlflow-art",
        ["Server:ArtifactsDestination"] = LocalArtifactsProfile.Destination,
        ["Server:MaxRequestBodyBytes"] = "65536",
    };
}

public sealed class NoArtifactRootProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "",
    };
}

public sealed class WorkspacesDisabledProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:EnableWorkspaces"] = "false",
    };
}

/// <summary>Auth on (basic-auth app), workspaces on, a known admin password.</summary>
public sealed class AuthProfile : ISettingsProfile
{
    public const string AdminPassword = "admin-password-123";

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "file:///tmp/mlflow-art",
        ["Server:ArtifactsDestination"] = LocalArtifactsProfile.Destination,
        ["Auth:Enabled"] = "true",
        ["Auth:AdminPassword"] = AdminPassword,
        ["Auth:MaxFailedLogins"] = "1000",
    };
}

/// <summary>Auth on with a low failed-login limit, for the lockout tests.</summary>
public sealed class LockoutProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:Enabled"] = "true",
        ["Auth:AdminPassword"] = AuthProfile.AdminPassword,
        ["Auth:MaxFailedLogins"] = "3",
        ["Auth:LockoutSeconds"] = "600",
    };
}

/// <summary>The whole host in process (<see cref="WebApplicationFactory{TEntryPoint}"/>) on a fresh database.</summary>
public sealed class ApiFixture<TDb, TProfile> : IAsyncLifetime, IApiHost
    where TDb : IDatabaseKind
    where TProfile : ISettingsProfile
{
    private ITestDatabase? _database;
    private Factory? _factory;
    private HttpClient? _client;

    public HttpClient Client => _client ?? throw Unavailable();

    public IServiceProvider Services => _factory?.Services ?? throw Unavailable();

    public async ValueTask InitializeAsync()
    {
        _database = await TDb.CreateAsync();
        if (_database is null)
            return;
        _factory = new Factory(_database.StoreUri, TProfile.Settings);
        _client = _factory.CreateClient();
    }

    /// <summary>A context on the fixture's database, filtered to <paramref name="workspace"/>.</summary>
    public Workspaces.Data.TrackingDbContext Db(string workspace = WorkspaceNames.Default)
    {
        var context = new WorkspaceContext();
        context.Bind(workspace);
        return Services.GetRequiredService<StoreConnection>().CreateContext(context);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    private static InvalidOperationException Unavailable()
    {
        Assert.Skip($"{TDb.Name} is not available here ({TDb.Requirement}); under CI=true this fails instead.");
        return new InvalidOperationException();
    }

    private sealed class Factory(string storeUri, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Server:BackendStoreUri", storeUri);
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
    }
}

public static class HttpTestExtensions
{
    public static HttpRequestMessage Json(HttpMethod method, string url, string? json, string? workspace = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (workspace is not null)
            request.Headers.TryAddWithoutValidation(WorkspaceNames.Header, workspace);
        return request;
    }

    public static HttpRequestMessage WithContentType(this HttpRequestMessage request, string? contentType)
    {
        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        return request;
    }
}

/// <summary>Proxied artifacts (the shipped default) stored on local disk under a directory of this test run.</summary>
public sealed class LocalArtifactsProfile : ISettingsProfile
{
    public static string Destination { get; } = Directory.CreateTempSubdirectory("ws-artifacts-").FullName;

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:DefaultArtifactRoot"] = "mlflow-artifacts:/",
        ["Server:ArtifactsDestination"] = Destination,
    };
}

/// <summary><c>--no-serve-artifacts</c>.</summary>
public sealed class NoServeArtifactsProfile : ISettingsProfile
{
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Server:ServeArtifacts"] = "false",
        ["Server:ArtifactsDestination"] = LocalArtifactsProfile.Destination,
    };
}
