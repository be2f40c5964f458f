using Microsoft.AspNetCore.Components;

namespace Workspaces.Web.Components.Shell;

/// <summary>
/// A component whose service calls stop when it goes away (the user navigated elsewhere, or the circuit closed):
/// <see cref="Aborted"/> is the component's counterpart of a request's <c>RequestAborted</c>. ComponentBase
/// ignores the cancelled tasks a disposed component leaves behind, so nothing more is needed in the pages.
/// </summary>
public abstract class CircuitComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _aborted = new();

    // Taken once: the source's Token property throws after Dispose, a copy keeps answering "cancelled".
    protected CircuitComponent() => Aborted = _aborted.Token;

    /// <summary>Cancelled when the component is disposed; pass it to every service call.</summary>
    protected CancellationToken Aborted { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Components that unsubscribe from events on dispose override this and call the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || _aborted.IsCancellationRequested)
            return;
        _aborted.Cancel();
        _aborted.Dispose();
    }
}
