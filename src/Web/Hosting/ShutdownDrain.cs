namespace Workspaces.Web.Hosting;

/// <summary>
/// Graceful shutdown (issue 18 §3). On SIGTERM (or any host stop) the server drains: requests already running finish
/// and send their answer, new ones get 503 with <c>Retry-After</c> (see <see cref="DrainMiddleware"/>), and the host
/// waits for the running ones before Kestrel stops, for at most <c>Server:ShutdownTimeoutSeconds</c>.
/// </summary>
/// <remarks>
/// Kestrel alone would also let running requests finish, but it closes the listener first and drops idle keep-alive
/// connections: a client (or a proxy reusing its connection) would see a refused or reset connection. While this waits
/// the listener stays open, so every caller gets an answer it knows to retry, and <c>/health/ready</c> says 503 so a
/// load balancer stops sending.
/// </remarks>
public sealed class ShutdownDrain(ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    /// <summary>What a refused request is told to wait: about the time a restarted server or another replica needs.</summary>
    public const int RetryAfterSeconds = 5;

    public const string Setting = "Server:ShutdownTimeoutSeconds";

    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _draining;

    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Counts a request in, unless the drain has begun. Counting before looking at the flag (both full fences) means
    /// either the request sees the drain or the drain sees the request: none slips through uncounted.
    /// </summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _inFlight);
        if (!IsDraining)
            return true;
        Exit();
        return false;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && IsDraining)
            _idle.TrySetResult();
    }

    /// <summary>Starts refusing new requests; called as soon as the host is told to stop (before any service stops).</summary>
    public void Begin()
    {
        if (Interlocked.Exchange(ref _draining, 1) == 0 && InFlight == 0)
            _idle.TrySetResult();
    }

    /// <summary>Completes when no counted request runs any more, or when <paramref name="ct"/> (the shutdown timeout) fires.</summary>
    public async Task WaitForIdleAsync(CancellationToken ct)
    {
        Begin();
        try
        {
            await _idle.Task.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout reached with {Count} request(s) still running; they are aborted.", InFlight);
        }
    }

    // The host calls every StoppingAsync before any StopAsync, so this runs while Kestrel still listens, within the
    // shutdown timeout's token.
    public Task StoppingAsync(CancellationToken cancellationToken) => WaitForIdleAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
