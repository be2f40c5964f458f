using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// The real host as a separate process (<c>dotnet Workspaces.Web.dll …</c>), as an operator starts it:
/// flags, environment variables, exit codes and stderr are observed from outside.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ServerProcess(Process process) => _process = process;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the host; <c>stdin</c>, when given, is written to its standard input, which is then closed.</summary>
    public static ServerProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Workspaces.Web.dll"));
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // A clean slate: no MLFLOW_* from the machine running the tests.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MLFLOW_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => { lock (server._stdout) server._stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (server._stderr) server._stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }
        return server;
    }

    /// <summary>Sends SIGTERM, as <c>docker stop</c> or Kubernetes does, and returns without waiting for the exit.</summary>
    public async Task SignalTermAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with {kill.ExitCode}");
    }

    /// <summary>Runs to completion (for start-up failures and one-shot commands) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Polls <c>/health</c> until the server answers, failing if the process exits first.</summary>
    public async Task<HttpClient> WaitUntilHealthyAsync(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Server exited with {_process.ExitCode}: {Stderr}");
            try
            {
                var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                    return client;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Server did not become healthy. stderr: {Stderr}");
    }

    /// <summary>
    /// Resets the kernel's peak-RSS mark (Linux <c>clear_refs</c> 5) and returns the current resident size, so a
    /// later <see cref="PeakResidentBytes"/> measures only what happened in between.
    /// </summary>
    public long ResetPeakResident()
    {
        File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
        return StatusKilobytes("VmRSS") * 1024;
    }

    /// <summary>The peak resident set size (VmHWM) of the server process, in bytes.</summary>
    public long PeakResidentBytes() => StatusKilobytes("VmHWM") * 1024;

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the server as an orchestrator does (SIGTERM, then waiting), returning the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan? timeout = null)
    {
        await SignalTermAsync();
        return await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
