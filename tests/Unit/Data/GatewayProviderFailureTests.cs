using Workspaces.Data.Errors;
using Workspaces.Data.Gateway.Providers;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Data.GatewayProviderTargets;

namespace Workspaces.Tests.Unit.Data;

/// <summary>Provider failures become responses (status kept, 502, 504); the caller's cancellation reaches the provider.</summary>
public sealed class GatewayProviderFailureTests(FakeLlmProvider fake) : IClassFixture<FakeLlmProvider>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wrong_key_keeps_the_provider_status_and_error_message()
    {
        var target = OpenAi(fake) with { Secret = new Dictionary<string, string> { ["api_key"] = "sk-wrong" } };

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x"), Ct);

        Assert.Equal((401, ErrorCode.Unauthenticated), (response.StatusCode, response.Error!.Code));
        Assert.Equal("Incorrect API key provided.", response.Error.Message);
        Assert.Null(response.Body);
    }

    [Fact]
    public async Task Anthropic_error_message_is_taken_from_its_error_object()
    {
        var target = Anthropic(fake) with { Secret = new Dictionary<string, string> { ["api_key"] = "sk-wrong" } };

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x"), Ct);

        Assert.Equal((401, "invalid x-api-key"), (response.StatusCode, response.Error!.Message));
    }

    [Theory]
    [InlineData(500, "upstream exploded", "upstream exploded")]
    [InlineData(400, """{"error":{"message":"max_tokens is too large","type":"invalid_request_error"}}""", "max_tokens is too large")]
    [InlineData(503, """{"error":"overloaded"}""", "overloaded")]
    [InlineData(418, "", "The provider answered HTTP 418 without a body.")]
    public async Task Provider_errors_keep_status_and_message_or_body(int status, string body, string message)
    {
        var target = OpenAi(fake);
        fake.FailWith(target.ModelName, status, body);

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x", stream: true), Ct);

        Assert.Equal((status, message), (response.StatusCode, response.Error!.Message));
        Assert.Equal(RouteSelector.ShouldFallBack(status), status >= 500);
    }

    [Fact]
    public async Task Rate_limit_is_a_429_that_falls_back()
    {
        var target = OpenAi(fake);
        fake.RateLimit(target.ModelName);

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x"), Ct);

        Assert.Equal((429, ErrorCode.RequestLimitExceeded), (response.StatusCode, response.Error!.Code));
        Assert.True(RouteSelector.ShouldFallBack(response.StatusCode));
    }

    [Fact]
    public async Task Unreachable_provider_is_a_502_naming_it()
    {
        var port = ServerProcess.FreePort();
        var target = Target(ProviderCatalog.OpenAi, null, new() { ["api_base"] = $"http://127.0.0.1:{port}/v1" });

        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x"), Ct);

        Assert.Equal((502, ErrorCode.BadGateway), (response.StatusCode, response.Error!.Code));
        Assert.StartsWith($"Could not reach provider 'openai' at http://127.0.0.1:{port}:", response.Error.Message, StringComparison.Ordinal);
        Assert.True(RouteSelector.ShouldFallBack(response.StatusCode));
    }

    [Fact]
    public async Task Slow_provider_is_a_504_after_the_route_timeout_and_the_call_is_abandoned()
    {
        var target = OpenAi(fake);
        var stall = fake.Stall(target.ModelName);

        await using var response = await Client(fake, timeoutSeconds: 0.3).SendAsync(target, GatewayOperation.Chat, Chat("x"), Ct)
            .WaitAsync(Patience, Ct);

        Assert.Equal((504, ErrorCode.DeadlineExceeded), (response.StatusCode, response.Error!.Code));
        Assert.Contains("did not answer within 0.3 seconds", response.Error.Message, StringComparison.Ordinal);
        await stall.AbortedTask.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task Stream_stalling_midway_times_out_on_read()
    {
        var target = OpenAi(fake);
        fake.HoldLastChunk(target.ModelName);

        await using var response = await Client(fake, timeoutSeconds: 1).SendAsync(target, GatewayOperation.Chat, Chat("x", stream: true), Ct);

        using var reader = new StreamReader(response.Body!);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => reader.ReadToEndAsync(Ct).WaitAsync(Patience, Ct));
        Assert.Contains("did not finish answering within 1 seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Caller_cancellation_throws_and_reaches_the_provider()
    {
        var target = Anthropic(fake);
        var stall = fake.Stall(target.ModelName);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x"), caller.Token);
        await stall.ArrivedTask.WaitAsync(Patience, Ct);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience, Ct));
        await stall.AbortedTask.WaitAsync(Patience, Ct);
    }

    [Fact]
    public async Task Caller_cancellation_during_a_stream_is_a_cancellation_not_a_timeout()
    {
        var target = OpenAi(fake);
        var gate = fake.HoldLastChunk(target.ModelName);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using var response = await Client(fake).SendAsync(target, GatewayOperation.Chat, Chat("x", stream: true), caller.Token);
        using var reader = new StreamReader(response.Body!);

        var reading = reader.ReadToEndAsync(CancellationToken.None);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Patience, Ct));
        await response.DisposeAsync();
        await gate.AbortedTask.WaitAsync(Patience, Ct);
    }
}
