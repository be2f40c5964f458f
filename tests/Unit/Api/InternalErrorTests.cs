using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Workspaces.Tests.Unit.Api;

/// <summary>An unexpected failure (here: the database file is destroyed under a running server) is a logged 500 envelope, never a stack trace.</summary>
public sealed class InternalErrorTests : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workspaces-500", Guid.NewGuid().ToString("N"));
    private readonly Factory _factory;

    public InternalErrorTests()
    {
        Directory.CreateDirectory(_directory);
        _factory = new Factory($"sqlite:///{Path.Combine(_directory, "mlflow.db")}");
    }

    [Fact]
    public async Task Unexpected_exceptions_are_500_with_the_request_id_and_no_stack_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/3.0/mlflow/workspaces", ct)).StatusCode);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_directory))
            File.Delete(file);
        await File.WriteAllTextAsync(Path.Combine(_directory, "mlflow.db"), new string('x', 4096), ct);

        var response = await client.GetAsync("/api/3.0/mlflow/workspaces", ct);
        var message = await Infrastructure.ApiAssert.Error(response, HttpStatusCode.InternalServerError, "INTERNAL_ERROR", "An internal error occurred");
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Contains(requestId, message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sqlite", message, StringComparison.OrdinalIgnoreCase);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private sealed class Factory(string storeUri) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Server:BackendStoreUri", storeUri);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Critical));
        }
    }
}
