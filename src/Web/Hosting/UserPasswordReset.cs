using System.Text;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Schema;
using Workspaces.Data.Store;

namespace Workspaces.Web.Hosting;

/// <summary>
/// <c>users set-password &lt;username&gt;</c>: sets the password straight in the configured store (no server needed,
/// e.g. to replace the shipped admin password before listening beyond loopback) and ends the user's sessions.
/// </summary>
public static class UserPasswordReset
{
    public const string PasswordVariable = "MLFLOW_NEW_PASSWORD";

    public static async Task<int> RunAsync(string username, IConfiguration configuration)
    {
        var settings = StartupChecks.ReadSettings(configuration);
        if (!settings.IsSuccess)
            return Fail(settings.Error.Message);
        var auth = StartupChecks.ReadAuth(configuration);
        if (!auth.IsSuccess)
            return Fail(auth.Error.Message);
        var location = StoreUri.Parse(settings.Value.BackendStoreUri, settings.Value.EnableWorkspaces);
        if (!location.IsSuccess)
            return Fail(location.Error.Message);
        var password = Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Console.IsInputRedirected ? ReadLine(Console.In) : Prompt(username);
        if (password is null)
            return Fail($"No password given: set {PasswordVariable} or pipe the password on stdin.");

        var store = new StoreConnection(location.Value);
        // Same schema rules as the server: a fresh store is created, an outdated one is refused.
        var initialized = await new DatabaseInitializer(store, settings.Value, TimeProvider.System).InitializeAsync(CancellationToken.None);
        if (!initialized.IsSuccess)
            return Fail(initialized.Error.Message);
        await using var services = new ServiceCollection()
            .AddSingleton(settings.Value).AddSingleton(auth.Value).AddSingleton(store)
            .AddWorkspacesData()
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        // Not a signed-in caller: the audit log records the change as the system's.
        scope.ServiceProvider.GetRequiredService<AccessContext>().Bind(false, null, null, false);
        var changed = await scope.ServiceProvider.GetRequiredService<UserService>().UpdatePasswordAsync(username, password, CancellationToken.None);
        if (!changed.IsSuccess)
            return Fail(changed.Error.Message);
        Console.WriteLine($"Password of '{username}' changed; their sessions were ended.");
        return 0;
    }

    /// <summary>The first line of piped input, without its line ending; null when there is none.</summary>
    public static string? ReadLine(TextReader input) => input.ReadLine() is { Length: > 0 } line ? line : null;

    /// <summary>A terminal: asks twice without echoing.</summary>
    private static string? Prompt(string username)
    {
        var first = ReadHidden($"New password for '{username}': ");
        var second = ReadHidden("Repeat it: ");
        if (first != second)
        {
            Console.Error.WriteLine("error: the two passwords differ.");
            return null;
        }
        return first.Length > 0 ? first : null;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                    text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return text.ToString();
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        return 1;
    }
}
