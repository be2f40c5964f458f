using System.Net;
using System.Net.Http.Headers;

namespace Workspaces.Tests.Unit.Infrastructure;

/// <summary>
/// A JSON request body sent in two parts: all but its last bytes at once, the rest only when <see cref="Release"/> is
/// called. The server has the request (headers and most of the body) but cannot finish it: a request held in flight.
/// </summary>
public sealed class GatedContent : HttpContent
{
    private readonly byte[] _body;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedContent(string json)
    {
        _body = System.Text.Encoding.UTF8.GetBytes(json);
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    /// <summary>Completes once the first part has been written to the connection.</summary>
    public Task FirstPartSent => _firstPartSent.Task;

    public void Release() => _gate.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var split = _body.Length - 2;
        await stream.WriteAsync(_body.AsMemory(0, split));
        await stream.FlushAsync();
        _firstPartSent.TrySetResult();
        await _gate.Task;
        await stream.WriteAsync(_body.AsMemory(split));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
