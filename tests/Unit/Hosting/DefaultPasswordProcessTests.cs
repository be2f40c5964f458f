using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>
/// The shipped admin password (issue: security §2): an account created with it keeps it after the configuration
/// changes, so beyond loopback the server checks the accounts, not only the configured value.
/// </summary>
public sealed class DefaultPasswordProcessTests : IDisposable
{
    private const string NewPassword = "a-new-admin-password-1";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workspaces-host-tests", Guid.NewGuid().ToString("N"));

    public DefaultPasswordProcessTests() => Directory.CreateDirectory(_directory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Uri => $"sqlite:///{Path.Combine(_directory, "mlflow.db")}";

    private static async Task<HttpStatusCode> StatusAsAsync(HttpClient client, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/3.0/mlflow/workspaces");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{password}")));
        return (await client.SendAsync(request, Ct)).StatusCode;
    }

    private async Task CreateWithTheShippedPasswordAsync(int port)
    {
        // Loopback: the shipped password is allowed, and the admin account is created with it.
        await using var server = ServerProcess.Start(["--app-name", "basic-auth", "--backend-store-uri", Uri, "--port", $"{port}"]);
        using var client = await server.WaitUntilHealthyAsync(port);
        Assert.Equal(HttpStatusCode.OK, await StatusAsAsync(client, "password1234"));
    }

    private async Task AssertRefusedAsync(int port, Dictionary<string, string> environment)
    {
        await using var refused = ServerProcess.Start(["--app-name", "basic-auth", "--backend-store-uri", Uri, "--host", "0.0.0.0", "--port", $"{port}"], environment);
        Assert.Equal(1, await refused.WaitForExitAsync());
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal("error: Admin account 'admin' still has the shipped password and the server listens on 0.0.0.0: "
            + "change it with `users set-password admin` (or set Auth:AllowDefaultPassword=true).", line);
    }

    private async Task AssertStartsWithOnlyTheNewPasswordAsync(int port, Dictionary<string, string> environment)
    {
        await using var server = ServerProcess.Start(["--app-name", "basic-auth", "--backend-store-uri", Uri, "--host", "0.0.0.0", "--port", $"{port}"], environment);
        using var client = await server.WaitUntilHealthyAsync(port);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsAsync(client, "password1234"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsAsync(client, NewPassword));
    }

    [Fact]
    public async Task A_database_created_with_the_shipped_password_is_refused_beyond_loopback_until_set_password()
    {
        var port = ServerProcess.FreePort();
        await CreateWithTheShippedPasswordAsync(port);
        // A new configured password does not change the existing account.
        var environment = new Dictionary<string, string> { ["Auth__AdminPassword"] = NewPassword };
        await AssertRefusedAsync(port, environment);

        await using (var allowed = ServerProcess.Start(["--app-name", "basic-auth", "--backend-store-uri", Uri, "--host", "0.0.0.0", "--port", $"{port}"],
                         new Dictionary<string, string>(environment) { ["Auth__AllowDefaultPassword"] = "true" }))
            await allowed.WaitUntilHealthyAsync(port);

        await using (var set = ServerProcess.Start(["users", "set-password", "admin", "--backend-store-uri", Uri],
                         new Dictionary<string, string> { ["MLFLOW_NEW_PASSWORD"] = NewPassword }))
        {
            Assert.Equal(0, await set.WaitForExitAsync());
            Assert.Contains("Password of 'admin' changed", set.Stdout, StringComparison.Ordinal);
        }
        await AssertStartsWithOnlyTheNewPasswordAsync(port, environment);
    }

    [Fact]
    public async Task Set_password_reads_piped_stdin_and_checks_the_account()
    {
        var port = ServerProcess.FreePort();
        await CreateWithTheShippedPasswordAsync(port);
        await using (var unknown = ServerProcess.Start(["users", "set-password", "nobody", "--backend-store-uri", Uri], stdin: NewPassword + "\n"))
        {
            Assert.Equal(1, await unknown.WaitForExitAsync());
            Assert.Contains("User with username=nobody not found", unknown.Stderr, StringComparison.Ordinal);
        }
        await using (var tooShort = ServerProcess.Start(["users", "set-password", "admin", "--backend-store-uri", Uri], stdin: "short\n"))
        {
            Assert.Equal(1, await tooShort.WaitForExitAsync());
            Assert.Contains("Password must be a string longer than 12 characters.", tooShort.Stderr, StringComparison.Ordinal);
        }
        await using (var argv = ServerProcess.Start(["users", "set-password", "admin", NewPassword, "--backend-store-uri", Uri]))
        {
            Assert.Equal(2, await argv.WaitForExitAsync());
            Assert.DoesNotContain(NewPassword, argv.Stderr, StringComparison.Ordinal);
        }
        await using (var piped = ServerProcess.Start(["users", "set-password", "admin", "--backend-store-uri", Uri], stdin: NewPassword + "\n"))
            Assert.Equal(0, await piped.WaitForExitAsync());
        await AssertStartsWithOnlyTheNewPasswordAsync(port, new Dictionary<string, string> { ["Auth__AdminPassword"] = NewPassword });
    }

    public void Dispose()
    {
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
}
