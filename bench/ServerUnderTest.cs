using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workspaces.Bench;

/// <summary>The server as a separate process on a free loopback port, as an operator would run it.</summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private ServerUnderTest(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public const string AdminPassword = "bench-admin-password";

    /// <summary>Starts the server; with <paramref name="auth"/> as <c>--app-name basic-auth</c> with a known admin password.</summary>
    /// <param name="storeUri">The backend store.</param>
    /// <param name="auth">Basic auth on.</param>
    /// <param name="serverDll">Another build's Workspaces.Web.dll (e.g. the commit before a change); null for the one beside the bench.</param>
    public static async Task<ServerUnderTest> StartAsync(string storeUri, bool auth = false, string? serverDll = null)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(serverDll ?? Path.Combine(AppContext.BaseDirectory, "Workspaces.Web.dll"));
        foreach (var arg in new[] { "--backend-store-uri", storeUri, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        if (auth)
        {
            info.ArgumentList.Add("--app-name");
            info.ArgumentList.Add("basic-auth");
            info.Environment["Auth__AdminPassword"] = AdminPassword;
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  server: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerUnderTest(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = server.BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The server did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
