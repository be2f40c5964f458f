using System.Text;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway;
using Workspaces.Data.Gateway.Providers;

namespace Workspaces.Tests.Unit.Data;

/// <summary>Which models an invocation tries (traffic split, fallbacks), the provider catalog, and SSE usage observing.</summary>
public sealed class GatewayProviderRoutingTests
{
    private static readonly RouteMapping PrimaryA = new("d-a", RouteSelector.Primary, 0.8);
    private static readonly RouteMapping PrimaryB = new("d-b", RouteSelector.Primary, 0.2);
    private static readonly RouteMapping Fallback2 = new("d-f2", RouteSelector.Fallback, FallbackOrder: 2);
    private static readonly RouteMapping Fallback1 = new("d-f1", RouteSelector.Fallback, FallbackOrder: 1);

    [Fact]
    public void Without_a_strategy_the_first_primary_is_the_only_attempt()
    {
        var attempts = RouteSelector.Select("chat", [Fallback1, PrimaryB, PrimaryA], null, null, new Random(1));

        Assert.Equal(["d-b"], attempts.Value.Select(a => a.ModelDefinitionId));
    }

    [Fact]
    public void Traffic_split_follows_the_weights()
    {
        var random = new Random(12345);
        var picks = Enumerable.Range(0, 10_000)
            .Select(_ => RouteSelector.Select("chat", [PrimaryA, PrimaryB], RouteSelector.TrafficSplit, null, random).Value[0].ModelDefinitionId)
            .ToList();

        var shareA = picks.Count(p => p == "d-a") / 10_000.0;
        // 0.8 expected; the binomial standard deviation at n=10 000 is 0.004, so ±0.03 fails only on a real bias.
        Assert.InRange(shareA, 0.77, 0.83);
    }

    [Fact]
    public void Traffic_split_never_picks_a_zero_weight_primary()
    {
        var zero = PrimaryB with { Weight = 0 };
        var random = new Random(7);

        Assert.All(Enumerable.Range(0, 1000), _ =>
            Assert.Equal("d-a", RouteSelector.Select("chat", [zero, PrimaryA], RouteSelector.TrafficSplit, null, random).Value[0].ModelDefinitionId));
    }

    [Fact]
    public void Fallbacks_follow_the_primary_in_fallback_order()
    {
        var attempts = RouteSelector.Select("chat", [Fallback2, PrimaryA, Fallback1], null, new GatewayFallbackConfig("SEQUENTIAL", null), new Random(1));

        Assert.Equal(["d-a", "d-f1", "d-f2"], attempts.Value.Select(a => a.ModelDefinitionId));
    }

    [Theory]
    [InlineData(1, new[] { "d-a" })]
    [InlineData(2, new[] { "d-a", "d-f1" })]
    [InlineData(5, new[] { "d-a", "d-f1", "d-f2" })]
    [InlineData(0, new[] { "d-a", "d-f1", "d-f2" })]
    public void Max_attempts_counts_the_primary(int maxAttempts, string[] expected)
    {
        var attempts = RouteSelector.Select("chat", [Fallback2, PrimaryA, Fallback1], null, new GatewayFallbackConfig("SEQUENTIAL", maxAttempts), new Random(1));

        Assert.Equal(expected, attempts.Value.Select(a => a.ModelDefinitionId));
    }

    [Fact]
    public void Without_a_fallback_config_fallback_models_are_not_tried()
    {
        var attempts = RouteSelector.Select("chat", [PrimaryA, Fallback1], null, null, new Random(1));

        Assert.Equal(["d-a"], attempts.Value.Select(a => a.ModelDefinitionId));
    }

    [Fact]
    public void No_primary_is_a_404_naming_the_endpoint()
    {
        var attempts = RouteSelector.Select("chat", [Fallback1], null, new GatewayFallbackConfig("SEQUENTIAL", null), new Random(1));

        Assert.Equal(Error.NotFound("Endpoint 'chat' has no PRIMARY models configured"), attempts.Error);
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    public void Only_rate_limits_and_server_failures_fall_back(int status, bool expected) =>
        Assert.Equal(expected, RouteSelector.ShouldFallBack(status));

    [Fact]
    public void Catalog_lists_sorted_providers_and_names_them_when_refusing()
    {
        Assert.Equal(["anthropic", "azure", "openai"], ProviderCatalog.Supported);
        Assert.All(ProviderCatalog.Supported, p => Assert.Null(ProviderCatalog.Validate(p)));
        var error = ProviderCatalog.Validate("OpenAI");
        Assert.Equal(Error.InvalidParameter("Provider 'OpenAI' is not supported. Supported providers: anthropic, azure, openai."), error);
        Assert.Equal(ErrorCode.InvalidParameterValue, ProviderCatalog.ProviderConfig("mistral").Error!.Code);
    }

    [Fact]
    public void Provider_config_describes_secret_and_auth_fields()
    {
        var azure = ProviderCatalog.ProviderConfig("azure").Value;
        Assert.Equal(["api_key"], azure.SecretFields.Select(f => f.Name));
        Assert.Equal(["api_base", "deployment_name", "api_version"], azure.AuthConfigFields.Where(f => f.Required).Select(f => f.Name));
        Assert.Equal(["azure", "azuread"], azure.AuthConfigFields.Single(f => f.Name == "api_type").Choices!);

        var openai = ProviderCatalog.ProviderConfig("openai").Value;
        Assert.DoesNotContain(openai.AuthConfigFields, f => f.Required);
        Assert.Contains(openai.AuthConfigFields, f => f.Name == "organization");

        var anthropic = ProviderCatalog.ProviderConfig("anthropic").Value;
        Assert.Equal("2023-06-01", anthropic.AuthConfigFields.Single(f => f.Name == "version").Default);
    }

    [Fact]
    public void Usage_observer_reads_lines_split_across_reads_and_ignores_other_events()
    {
        var observer = new SseUsageObserver();
        var events = "data: {\"choices\":[],\"usage\":null}\n\n"
            + "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\r\n\r\n"
            + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":4}}\n\ndata: [DONE]\n\n";
        var bytes = Encoding.UTF8.GetBytes(events);

        // Three-byte reads cut every line somewhere.
        for (var i = 0; i < bytes.Length; i += 3)
            observer.Observe(bytes.AsSpan(i, Math.Min(3, bytes.Length - i)));

        Assert.Equal(new TokenUsage(9, 4, 13), observer.Usage);
    }

    [Fact]
    public void Usage_of_non_streaming_answers_in_both_shapes()
    {
        Assert.Equal(new TokenUsage(3, 4, 7), UsageExtractor.FromJson("""{"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}"""u8));
        Assert.Equal(new TokenUsage(5, 6, 11), UsageExtractor.FromJson("""{"usage":{"input_tokens":5,"output_tokens":6}}"""u8));
        Assert.Equal(new TokenUsage(8, null, 8), UsageExtractor.FromJson("""{"usage":{"prompt_tokens":8,"total_tokens":8}}"""u8));
        Assert.Null(UsageExtractor.FromJson("""{"data":[]}"""u8));
        Assert.Null(UsageExtractor.FromJson("not json"u8));
    }
}
