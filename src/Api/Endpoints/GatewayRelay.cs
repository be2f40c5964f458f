using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Workspaces.Api.Errors;
using Workspaces.Api.Json;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Api.Endpoints;

/// <summary>
/// Copies a provider's answer to the client as it arrives: JSON at once, server-sent events chunk by chunk with a flush
/// after each read (no buffering anywhere), and the usage row once the last byte went out.
/// </summary>
internal static class GatewayRelay
{
    public static async Task InvokeAsync(HttpContext http, GatewayInvoker invoker, string endpointName, GatewayOperation operation, JsonObject body)
    {
        var ct = http.RequestAborted;
        var invoked = await invoker.InvokeAsync(endpointName, operation, body, ct);
        if (!invoked.IsSuccess)
        {
            await ErrorAsync(http, invoked.Error);
            return;
        }
        await using var call = invoked.Value;
        var response = call.Response;
        var status = response.StatusCode;
        try
        {
            if (!response.IsSuccess)
                await DetailAsync(http, response.StatusCode, response.Error.Message);
            else
                status = await CopyAsync(http, response, ct);
        }
        finally
        {
            // The client has its whole answer before the usage row is written: the write is not on its clock. Recorded also
            // when the client went away mid-stream, with a short budget of its own rather than the request's token.
            if (!ct.IsCancellationRequested)
                await http.Response.CompleteAsync();
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await invoker.RecordAsync(call, ct.IsCancellationRequested ? 499 : status, budget.Token);
        }
    }

    private static async Task<int> CopyAsync(HttpContext http, ProviderResponse response, CancellationToken ct)
    {
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = response.ContentType;
        if (response.IsStream)
        {
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx in front must not hold the events back either
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.StartAsync(ct);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await response.Body!.ReadAsync(buffer, ct)) > 0)
            {
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                if (response.IsStream)
                    await http.Response.Body.FlushAsync(ct);
            }
            return response.StatusCode;
        }
        catch (Exception ex) when (response.IsStream && ex is TimeoutException or IOException && !ct.IsCancellationRequested)
        {
            // The headers are gone: the failure becomes the stream's last event, as MLflow writes it.
            var error = new GatewayStreamError(new GatewayStreamErrorBody(ex.Message, ex is TimeoutException ? "TimeoutError" : "ProviderError"));
            await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(error, ApiJsonContext.Wire.GatewayStreamError)}\n\n", ct);
            return ex is TimeoutException ? 504 : 502;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>MLflow's errors on these routes: <c>{"detail": {"error_code", "message"}}</c>; the 403 stays the plain text.</summary>
    private static Task ErrorAsync(HttpContext http, Error error)
    {
        if (error.Code == ErrorCode.PermissionDenied)
            return MlflowResults.WriteAsync(http, error);
        http.Response.StatusCode = ErrorStatus.For(error.Code);
        return http.Response.WriteAsJsonAsync(new GatewayDetailError(new ErrorEnvelope(error.WireCode, error.Message)),
            ApiJsonContext.Wire.GatewayDetailError, contentType: null, http.RequestAborted);
    }

    public static Task DetailAsync(HttpContext http, int status, string detail)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new GatewayDetailText(detail), ApiJsonContext.Wire.GatewayDetailText, contentType: null, http.RequestAborted);
    }
}
