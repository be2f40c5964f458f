using Workspaces.Data.Artifacts;
using Workspaces.Data.Maintenance;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;

namespace Workspaces.Web.Hosting;

/// <summary><c>gc</c>: runs <see cref="GarbageCollector"/> on the configured store and artifacts, printing MLflow's lines.</summary>
public static class GarbageCollection
{
    private const string Yellow = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    public static async Task<int> RunAsync(GcRequest request, IConfiguration configuration)
    {
        var settings = StartupChecks.ReadSettings(configuration);
        if (!settings.IsSuccess)
            return Fail(settings.Error.Message);
        var location = StoreUri.Parse(settings.Value.BackendStoreUri, settings.Value.EnableWorkspaces);
        if (!location.IsSuccess)
            return Fail(location.Error.Message);

        using var cancel = new CancellationTokenSource();
        // Ctrl+C stops between deletes instead of killing the process mid-batch.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var store = new StoreConnection(location.Value);
        // Same schema rules as the server: a fresh store is created, an outdated one is refused.
        var initialized = await new DatabaseInitializer(store, settings.Value, TimeProvider.System).InitializeAsync(cancel.Token);
        if (!initialized.IsSuccess)
            return Fail(initialized.Error.Message);

        using var stores = new ArtifactStoreFactory(settings.Value);
        var collector = new GarbageCollector(store, stores, settings.Value, TimeProvider.System);
        // click.style(fg="yellow") colours only a terminal; redirected output stays plain, as click.echo makes it.
        var colour = !Console.IsOutputRedirected;
        try
        {
            var result = await collector.RunAsync(request, message =>
                Console.WriteLine(message.IsWarning && colour ? Yellow + message.Text + Reset : message.Text), cancel.Token);
            return result.IsSuccess ? 0 : Fail(result.Error.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("gc was interrupted; run it again to finish.");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return 1;
    }
}
