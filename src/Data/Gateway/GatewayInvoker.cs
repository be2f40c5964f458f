using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway.Crypto;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Data.Gateway;

/// <summary>
/// One invocation in flight: the provider's answer to copy to the client, and what the usage row needs. The HTTP layer
/// relays <see cref="Response"/>, then calls <see cref="GatewayInvoker.RecordAsync"/> (after the last streamed byte).
/// </summary>
public sealed class GatewayCall(ProviderResponse response, string endpointId, string? modelDefinitionId, long startedAt, Stopwatch clock) : IAsyncDisposable
{
    public ProviderResponse Response { get; } = response;

    /// <summary>The usage trace being gathered; null when the endpoint does not track usage.</summary>
    internal GatewayTraceState? Trace { get; init; }

    public string EndpointId { get; } = endpointId;

    public string? ModelDefinitionId { get; } = modelDefinitionId;

    public long StartedAt { get; } = startedAt;

    internal Stopwatch Clock { get; } = clock;

    public ValueTask DisposeAsync() => Response.DisposeAsync();
}

/// <summary>
/// Invokes an endpoint by name in the request's workspace (the workspace is resolved before authorization — MLflow's
/// #24365 made every non-admin call a 403): USE on the endpoint is needed, a hidden or missing one is MLflow's
/// "GatewayEndpoint not found (name=…)". Models are tried as <see cref="RouteSelector"/> orders them; a definition
/// without a key is skipped, and a rate limit, server error or timeout passes to the next one.
/// </summary>
public sealed class GatewayInvoker(
    IDbContextFactory<TrackingDbContext> dbFactory, Authorizer authz, AccessContext caller, SecretCrypto crypto, ProviderClient providers,
    GatewayTraceWriter traces, TimeProvider time)
{
    public async Task<Result<GatewayCall>> InvokeAsync(string endpointName, GatewayOperation operation, JsonObject body, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var startedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One query for the hot path: the endpoint's mappings with their definitions and keys (a key is not returned to
        // anyone, so reading it before the decision below leaks nothing).
        var rows = await db.GatewayEndpointModelMappings.Where(m => m.Endpoint!.Name == endpointName)
            .Select(m => new
            {
                m.EndpointId, m.Endpoint!.RoutingStrategy, m.Endpoint.FallbackConfigJson, m.Endpoint.ExperimentId,
                Route = new RouteMapping(m.ModelDefinitionId, m.LinkageType, m.Weight, m.FallbackOrder),
                m.ModelDefinition!.Provider, m.ModelDefinition.ModelName, m.ModelDefinition.Secret,
            })
            .ToListAsync(ct);
        var endpoint = rows.Count > 0
            ? new { rows[0].EndpointId, rows[0].RoutingStrategy, rows[0].FallbackConfigJson, rows[0].ExperimentId }
            : await db.GatewayEndpoints.Where(e => e.Name == endpointName)
                .Select(e => new { e.EndpointId, e.RoutingStrategy, e.FallbackConfigJson, e.ExperimentId }).FirstOrDefaultAsync(ct);
        if (endpoint is null)
            return NotFoundErrors.GatewayEndpointName(endpointName);
        if (await authz.GatewayAsync(GatewayResource.Endpoint, endpoint.EndpointId, AccessLevel.Use, ct) is { } denied)
            return denied.Code == ErrorCode.ResourceDoesNotExist ? NotFoundErrors.GatewayEndpointName(endpointName) : denied;

        // Definitions whose key was deleted are skipped, as MLflow does.
        var models = rows.Where(r => r.Secret is not null).Select(r => new { r.Route, r.Provider, r.ModelName, Secret = r.Secret! }).ToList();
        var attempts = RouteSelector.Select(endpointName, models.Select(m => m.Route).ToList(), endpoint.RoutingStrategy,
            GatewayRules.FallbackFromJson(endpoint.FallbackConfigJson), Random.Shared);
        if (!attempts.IsSuccess)
            return attempts.Error;

        // MLflow traces a call exactly when the endpoint has an experiment (turning usage tracking off clears it).
        var trace = endpoint.ExperimentId is { } experimentId
            ? new GatewayTraceState(experimentId, endpoint.EndpointId, endpointName, operation, body)
            : null;
        ProviderResponse? last = null;
        string? lastModel = null;
        foreach (var attempt in attempts.Value)
        {
            var model = models.First(m => m.Route.ModelDefinitionId == attempt.ModelDefinitionId);
            var secret = model.Secret;
            var value = crypto.Decrypt(new EncryptedSecret(secret.EncryptedValue, secret.WrappedDek, secret.KekVersion), secret.SecretId, secret.SecretName);
            if (!value.IsSuccess)
                return value.Error;
            var target = new ProviderTarget(model.Provider, model.ModelName, value.Value, GatewayRules.FromJson(secret.AuthConfig));
            if (last is not null)
                await last.DisposeAsync();
            // Each attempt gets its own copy: a provider adapter may rewrite the body (the model, a translation).
            var began = clock.Elapsed;
            last = await providers.SendAsync(target, operation, (JsonObject)body.DeepClone(), ct);
            lastModel = attempt.ModelDefinitionId;
            trace?.Attempts.Add(new GatewayAttempt(model.Provider, model.ModelName, began, clock.Elapsed, last.StatusCode, last.Error?.Message, last.IsStream));
            if (last.IsSuccess || !RouteSelector.ShouldFallBack(last.StatusCode))
                break;
        }
        // Only OpenAI-shaped chunks aggregate into a chat.completion; other streams (Anthropic's messages) are not tapped.
        if (trace is not null && last!.IsSuccess && last.IsStream && trace.Operation is GatewayOperation.Chat or GatewayOperation.OpenAiChat)
        {
            // The trace's output is the stream as the client receives it (translated where the provider speaks otherwise).
            trace.Stream = new ChatStreamCollector();
            last = last.Tapped(trace.Stream);
        }
        return new GatewayCall(last!, endpoint.EndpointId, lastModel, startedAt, clock) { Trace = trace };
    }

    /// <summary>
    /// The usage trace (when the endpoint tracks usage) and the usage row of a finished call: caller, model, status,
    /// latency and tokens. Written even when the client went away mid-stream (with what was seen), so
    /// <paramref name="ct"/> should not be the request's token. The trace goes first, so once the usage row exists the
    /// trace has been written (or its failure logged).
    /// </summary>
    public async Task RecordAsync(GatewayCall call, int status, CancellationToken ct)
    {
        // The trace gets at most half of the budget: a slow trace write must not leave the usage row no time.
        using (var traceBudget = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            traceBudget.CancelAfter(TraceBudget);
            await traces.WriteAsync(call, status, traceBudget.Token);
        }
        var usage = call.Response.Usage;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.GatewayUsage.Add(new GatewayUsage
        {
            EndpointId = call.EndpointId, ModelDefinitionId = call.ModelDefinitionId, Caller = caller.Username, Timestamp = call.StartedAt,
            Status = status, LatencyMs = call.Clock.ElapsedMilliseconds, PromptTokens = Narrow(usage?.PromptTokens),
            CompletionTokens = Narrow(usage?.CompletionTokens),
        });
        await db.SaveChangesAsync(ct);
    }

    private static readonly TimeSpan TraceBudget = TimeSpan.FromSeconds(5);

    private static int? Narrow(long? count) => count is { } n ? (int)Math.Clamp(n, 0, int.MaxValue) : null;
}
