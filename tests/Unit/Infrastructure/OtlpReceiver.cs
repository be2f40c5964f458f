using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>One OTLP/HTTP export as it arrived: path, content type and the raw protobuf body.</summary>
public sealed record OtlpPost(string Path, string? ContentType, byte[] Body)
{
    /// <summary>Protobuf stores strings as plain UTF-8, so a route or attribute value shows up byte for byte.</summary>
    public bool Carries(string text) => Body.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>
/// A collector's OTLP/HTTP receiver on a free loopback port (Kestrel): records every POST and answers 200 with an empty
/// protobuf message, which is what an export that was accepted in full gets.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpPost> _posts = new();
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>http://127.0.0.1:port, without a path.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<OtlpPost> Posts => [.. _posts];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._posts.Enqueue(new OtlpPost(request.Path.Value ?? "", request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Urls.Single();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
