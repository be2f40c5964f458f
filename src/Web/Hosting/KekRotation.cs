using Workspaces.Data;
using Workspaces.Data.Gateway;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;

namespace Workspaces.Web.Hosting;

/// <summary>
/// <c>crypto rotate-kek</c>: re-wraps every gateway secret's data key under a new passphrase and version, straight in the
/// configured store (stop the servers first: they still hold the old key). The current passphrase is the configured one
/// (<c>MLFLOW_CRYPTO_KEK_PASSPHRASE</c>); the new one comes from <c>MLFLOW_CRYPTO_NEW_KEK_PASSPHRASE</c> or stdin.
/// </summary>
public static class KekRotation
{
    public const string NewPassphraseVariable = "MLFLOW_CRYPTO_NEW_KEK_PASSPHRASE";

    public static async Task<int> RunAsync(int? newVersion, IConfiguration configuration)
    {
        var settings = StartupChecks.ReadSettings(configuration);
        if (!settings.IsSuccess)
            return Fail(settings.Error.Message);
        var gateway = StartupChecks.ReadGateway(configuration, settings.Value);
        if (!gateway.IsSuccess)
            return Fail(gateway.Error.Message);
        var location = StoreUri.Parse(settings.Value.BackendStoreUri, settings.Value.EnableWorkspaces);
        if (!location.IsSuccess)
            return Fail(location.Error.Message);
        var passphrase = Environment.GetEnvironmentVariable(NewPassphraseVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : UserPasswordReset.ReadLine(Console.In);
        if (passphrase is null)
            return Fail($"No new passphrase given: set {NewPassphraseVariable} or pipe it on stdin.");
        var version = newVersion ?? gateway.Value.KekVersion + 1;

        var store = new StoreConnection(location.Value);
        var initialized = await new DatabaseInitializer(store, settings.Value, TimeProvider.System).InitializeAsync(CancellationToken.None);
        if (!initialized.IsSuccess)
            return Fail(initialized.Error.Message);
        await using var services = new ServiceCollection()
            .AddSingleton(settings.Value).AddSingleton(gateway.Value).AddSingleton(store)
            .AddWorkspacesData()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var rotated = await scope.ServiceProvider.GetRequiredService<GatewayKeyRotation>().RotateAsync(passphrase, version, CancellationToken.None);
        if (!rotated.IsSuccess)
            return Fail(rotated.Error.Message);
        Console.WriteLine($"Re-wrapped {rotated.Value} secret(s) under KEK version {version}. Start the servers with the new "
            + $"MLFLOW_CRYPTO_KEK_PASSPHRASE and MLFLOW_CRYPTO_KEK_VERSION={version}.");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"crypto rotate-kek: {message}");
        return 1;
    }
}
