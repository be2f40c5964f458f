using System.Diagnostics;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Workspaces.Data.Artifacts;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// A real S3 API for the tests: <c>moto_server</c> (Python's moto) on a free loopback port, with one bucket.
/// Missing moto is a skip on a developer machine and a failure under <c>CI=true</c>, like the PostgreSQL lane.
/// </summary>
public sealed class MotoS3Server : IAsyncLifetime
{
    public const string Executable = "moto_server";

    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _unavailable;

    public string Bucket { get; } = "artifacts";

    /// <summary>http://127.0.0.1:port, once started.</summary>
    public string EndpointUrl { get; private set; } = "";

    public static BasicAWSCredentials Credentials { get; } = new("test", "test");

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new client on the server (the caller disposes it), configured as the production code configures one.</summary>
    public IAmazonS3 CreateClient(string? endpoint = null) => S3ClientBuilder.Create(endpoint ?? RequireEndpoint(), Credentials, "us-east-1");

    /// <summary>Skips (or, under CI, fails) the calling test when moto_server could not be started.</summary>
    public string RequireEndpoint()
    {
        if (_unavailable is null)
            return EndpointUrl;
        if (InCi)
            Assert.Fail($"S3 tests must run under CI: {_unavailable}");
        Assert.Skip(_unavailable);
        return "";
    }

    public async Task CreateBucketAsync(string name)
    {
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name }, TestContext.Current.CancellationToken);
    }

    public async ValueTask InitializeAsync()
    {
        // moto_server is a console script; where only the module is importable, python3 -m moto.server is the same server.
        var executable = FindOnPath(Executable);
        var python = executable is null ? FindOnPath("python3") : null;
        if (executable is null && (python is null || !ModuleAvailable(python)))
        {
            _unavailable = $"{Executable} is not on PATH and python3 cannot import moto.server (pip install 'moto[server]').";
            return;
        }
        var port = ServerProcess.FreePort();
        var info = new ProcessStartInfo(executable ?? python!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable is null)
        {
            info.ArgumentList.Add("-m");
            info.ArgumentList.Add("moto.server");
        }
        foreach (var arg in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        EndpointUrl = $"http://127.0.0.1:{port}";
        await WaitUntilAnsweringAsync();
        await CreateBucketAsync(Bucket);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"{Executable} exited with {_process.ExitCode}: {Output()}");
            try
            {
                using var response = await http.GetAsync(new Uri(EndpointUrl + "/moto-api/"));
                return; // any HTTP answer means the server is up
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Executable} did not answer on {EndpointUrl}: {Output()}");
    }

    private void Append(string? line)
    {
        lock (_output)
            _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output)
            return _output.ToString();
    }

    private static bool ModuleAvailable(string python)
    {
        using var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import moto.server"]) { UseShellExecute = false, RedirectStandardError = true });
        if (probe is null)
            return false;
        probe.WaitForExit(30_000);
        return probe.HasExited && probe.ExitCode == 0;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>
/// Every test that talks to moto, plus the 100 MB streaming tests: one moto process for all of them, and run
/// alone (after the parallel collections) so memory measurements see no other test's allocations.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ArtifactStorageCollection : ICollectionFixture<MotoS3Server>
{
    public const string Name = "Artifact storage";
}
