using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Hosting;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Hosting;

/// <summary>
/// Traces over OTLP (issue 18 §3), into a real OTLP/HTTP receiver: on only when an endpoint is configured, http/protobuf
/// by default, the route templates and the store's write spans in, query values and credentials out.
/// </summary>
[Collection(ProcessWideTelemetryCollection.Name)]
public sealed class ServerTracingTests
{
    private const string SearchRoute = "/api/2.0/mlflow/experiments/search";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_and_store_writes_are_exported_as_protobuf_to_the_configured_endpoint_without_query_values_or_credentials()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var database = (await SqliteDb.CreateAsync())!;
        await using var factory = new TracedFactory(database.StoreUri, new() { [ServerTracing.EndpointSetting] = receiver.BaseUrl });
        using var client = factory.CreateClient();

        using (var search = new HttpRequestMessage(HttpMethod.Get, $"{SearchRoute}?max_results=5&filter=name%20%3D%20%27secret-filter-value%27"))
        {
            search.Headers.TryAddWithoutValidation("Authorization", "Bearer secret-token-value");
            using var answered = await client.SendAsync(search, Ct);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }
        var tracking = new TrackingClient(new FactoryHost(client, factory.Services));
        var run = await tracking.CreateRunAsync(await tracking.CreateExperimentAsync());
        await ApiAssert.Ok(await tracking.PostAsync("runs/log-batch", $$"""{"run_id":"{{run}}","metrics":[{"key":"loss","value":1,"timestamp":1,"step":0}]}"""));
        await client.GetStringAsync("/health/ready", Ct);

        var posts = await ExportedAsync(factory, receiver, SearchRoute, "ingest write");

        Assert.All(posts, p => Assert.Equal("/v1/traces", p.Path));
        Assert.All(posts, p => Assert.Equal("application/x-protobuf", p.ContentType));
        Assert.Contains(posts, p => p.Carries(ServerTracing.ServiceName));
        Assert.Contains(posts, p => p.Carries("/api/2.0/mlflow/runs/log-batch"));
        // The query's names stay (the instrumentation redacts the values); headers are not recorded at all.
        Assert.Contains(posts, p => p.Carries("filter=Redacted"));
        Assert.DoesNotContain(posts, p => p.Carries("secret-filter-value") || p.Carries("secret-token-value"));
        Assert.DoesNotContain(posts, p => p.Carries("/health/ready")); // probes are left out
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "", "/v1/traces")] // a base: the signal's path is added
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "/collector/traces", "/collector/traces")] // the traces URL itself
    [InlineData(ServerTracing.EndpointSetting, "/collector/traces", "/collector/traces")]
    public async Task The_standard_variables_and_the_setting_choose_where_traces_go(string key, string path, string expectedPath)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var database = (await SqliteDb.CreateAsync())!;
        await using var factory = new TracedFactory(database.StoreUri, new() { [key] = receiver.BaseUrl + path });
        using var client = factory.CreateClient();

        using (await client.SendAsync(Json(HttpMethod.Post, SearchRoute, """{"max_results":5}"""), Ct))
        {
        }

        var posts = await ExportedAsync(factory, receiver, SearchRoute);
        Assert.All(posts, p => Assert.Equal(expectedPath, p.Path));
        Assert.All(posts, p => Assert.Equal("application/x-protobuf", p.ContentType));
    }

    [Fact]
    public async Task OTEL_SERVICE_NAME_names_the_service_instead()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var database = (await SqliteDb.CreateAsync())!;
        await using var factory = new TracedFactory(database.StoreUri, new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseUrl,
            ["OTEL_SERVICE_NAME"] = "tracking-eu-1",
        });
        using var client = factory.CreateClient();

        using (await client.SendAsync(Json(HttpMethod.Post, SearchRoute, """{"max_results":5}"""), Ct))
        {
        }

        Assert.Contains(await ExportedAsync(factory, receiver, SearchRoute), p => p.Carries("tracking-eu-1"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("http://127.0.0.1:4318", "none")]
    public async Task Nothing_is_registered_without_an_endpoint_or_with_the_exporter_set_to_none(string? endpoint, string? exporter)
    {
        await using var database = (await SqliteDb.CreateAsync())!;
        await using var factory = new TracedFactory(database.StoreUri, new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_TRACES_EXPORTER"] = exporter,
        });
        using var client = factory.CreateClient();
        Assert.Equal("OK", await client.GetStringAsync("/health", Ct));

        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    /// <summary>
    /// Flushes the server's exporter until the receiver has spans carrying every one of <paramref name="expected"/>:
    /// a request's span ends just after its answer, so the first flush may come too early.
    /// </summary>
    private static async Task<IReadOnlyList<OtlpPost>> ExportedAsync(TracedFactory factory, OtlpReceiver receiver, params string[] expected)
    {
        var provider = factory.Services.GetRequiredService<TracerProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            provider.ForceFlush(5000);
            var posts = receiver.Posts;
            if (expected.All(text => posts.Any(p => p.Carries(text))))
                return posts;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The receiver got {posts.Count} export(s), without all of: {string.Join(", ", expected)}");
            await Task.Delay(100, Ct);
        }
    }

    private sealed record FactoryHost(HttpClient Client, IServiceProvider Services) : IApiHost;

    /// <summary>The whole host in process with the default test settings plus <paramref name="extra"/> (null values left out).</summary>
    private sealed class TracedFactory(string storeUri, Dictionary<string, string?> extra) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Server:BackendStoreUri", storeUri);
            foreach (var (key, value) in DefaultProfile.Settings.Concat(extra).Where(s => s.Value is not null))
                builder.UseSetting(key, value);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        }
    }
}

/// <summary>
/// ActivitySource listeners are process-wide: a host's tracer also sees the requests of every other in-process test host.
/// Run alone (after the parallel collections), so what reaches the receiver is this test's traffic only.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetryCollection
{
    public const string Name = "Process-wide telemetry";
}
