using System.Net.Sockets;
using System.Text;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>
/// Dot segments as the client sends them, over a raw socket to the real Kestrel (HttpClient would remove them before
/// sending, and Kestrel removes them before the app sees the path): every form is 400 "Invalid path" and writes nothing.
/// </summary>
public sealed class RawTargetProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "workspaces-raw-target", Guid.NewGuid().ToString("N"));

    public RawTargetProcessTests() => Directory.CreateDirectory(_directory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dot_dot_segments_in_the_raw_target_are_refused_and_write_nothing()
    {
        var port = ServerProcess.FreePort();
        var destination = Path.Combine(_directory, "artifacts");
        await using var server = ServerProcess.Start(["server", "--backend-store-uri", $"sqlite:///{Path.Combine(_directory, "raw.db")}", "--port", $"{port}",
            "--artifacts-destination", destination]);
        using var client = await server.WaitUntilHealthyAsync(port);
        string[] targets =
        [
            "/api/2.0/mlflow-artifacts/artifacts/workspaces/default/0/a/../../x.txt",
            "/api/2.0/mlflow-artifacts/artifacts/workspaces/default/0/a/%2e%2e/%2e%2e/x.txt",
            "/api/2.0/mlflow-artifacts/artifacts/workspaces/default/0/a/.%2E/x.txt",
            "/api/2.0/mlflow-artifacts/artifacts/0/a/../x.txt",
            "/ajax-api/2.0/mlflow-artifacts/artifacts/../../../x.txt",
        ];
        foreach (var target in targets)
        {
            var (status, body) = await RawPutAsync(port, target);
            Assert.True(status == 400, $"{target}: {status} {body}");
            Assert.Contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"", body, StringComparison.Ordinal);
            Assert.Contains("Invalid path", body, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(destination) && Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories).Any());
    }

    private static async Task<(int Status, string Body)> RawPutAsync(int port, string target)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", port, Ct);
        var stream = socket.GetStream();
        var request = $"PUT {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 4\r\nConnection: close\r\n\r\nDATA";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(Ct);
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, body);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A server still shutting down may hold a file; the temp folder is cleaned by the OS.
        }
    }
}
