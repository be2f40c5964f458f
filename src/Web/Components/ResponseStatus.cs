using Microsoft.AspNetCore.Components;

namespace Workspaces.Web.Components;

/// <summary>
/// Sets the HTTP status of the prerendered response (the first request of a page), so an error page answers with a
/// 4xx rather than 200 and keeps its own wording. Once the circuit runs there is no response left to set: it does nothing.
/// </summary>
public sealed class ResponseStatus : ComponentBase
{
    /// <summary>Present only while the page is rendered on the server for an HTTP request (prerendering).</summary>
    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [Parameter]
    public int Code { get; set; } = StatusCodes.Status404NotFound;

    protected override void OnInitialized()
    {
        if (HttpContext is not { Response.HasStarted: false } http)
            return;
        // Set as the headers go out, not now: a status changed during the render makes the framework drop the page's
        // HTML (it expects a status-code page to re-execute the request), and the user would get an empty 404.
        var code = Code;
        http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = code;
            return Task.CompletedTask;
        });
    }
}
