using Workspaces.Data.Schema;
using Workspaces.Data.Store;

namespace Workspaces.Web.Hosting;

/// <summary><c>db upgrade &lt;store-uri&gt;</c>: MLflow's <c>mlflow db upgrade</c> for this server's schema.</summary>
public static class DbUpgrade
{
    public static async Task<int> RunAsync(string storeUri, IConfiguration configuration)
    {
        var settings = StartupChecks.ReadSettings(configuration);
        if (!settings.IsSuccess)
            return Fail(settings.Error.Message);
        var location = StoreUri.Parse(storeUri, workspacesEnabled: false);
        if (!location.IsSuccess)
            return Fail(location.Error.Message);
        var initializer = new DatabaseInitializer(new StoreConnection(location.Value), settings.Value, TimeProvider.System);
        var applied = await initializer.UpgradeAsync(CancellationToken.None);
        if (!applied.IsSuccess)
            return Fail(applied.Error.Message);
        Console.WriteLine($"Database {location.Value.Display} is up to date ({applied.Value} migration(s) applied).");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return 1;
    }
}
