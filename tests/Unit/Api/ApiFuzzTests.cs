using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Auth;
using Workspaces.Api.Routing;
using Workspaces.Tests.Unit.Fuzz;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// "No 5xx for anything a client can send" (SPEC §9): thousands of generated requests over every mapped API route,
/// with auth on. Every answer must be below 500; every error on an API path must be the MLflow envelope (except
/// MLflow's own plain-text 401/403 from auth); and a failed request must leave every table as it was.
/// The seed is printed; set <c>WORKSPACES_FUZZ_SEED</c> to replay it (and <c>WORKSPACES_FUZZ_REQUESTS</c> for more).
/// </summary>
public abstract class ApiFuzzTests<TDb>(ApiFixture<TDb, AuthProfile> fixture) : IClassFixture<ApiFixture<TDb, AuthProfile>>
    where TDb : IDatabaseKind
{
    public const string SeedVariable = "WORKSPACES_FUZZ_SEED";
    public const string CountVariable = "WORKSPACES_FUZZ_REQUESTS";
    private const ulong DefaultSeed = 20_261_201;
    private const int DefaultCount = 3000;
    private const int ReseedEvery = 300;
    private const int MaxReported = 40;

    /// <summary>Stands for a request the server refuses before the app sees it (counted, not checked).</summary>
    private const int PreAppRejection = 0;

    [Fact]
    public async Task Generated_requests_never_answer_5xx_always_carry_the_envelope_and_failures_change_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = fixture.Client;
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable(CountVariable), CultureInfo.InvariantCulture, out var c) ? c : DefaultCount;
        var log = TestContext.Current.TestOutputHelper;
        log?.WriteLine($"Fuzz on {TDb.Name}: seed {seed}, {count} requests (replay: {SeedVariable}={seed})");

        var pcg = new PCG(1, seed);
        var world = new FuzzWorld();
        var values = new FuzzValues(typeof(TDb) != typeof(PostgresDb) || FuzzSwitches.NulAndOverLengthStringsOnPostgres);
        var requests = new FuzzRequests(world, new FuzzFields(world, values), values, pcg);
        var routes = Routes();
        Assert.True(routes.Count > 100, $"Only {routes.Count} API routes found");

        await world.SeedAsync(client, ct);
        await using var checksum = await DbChecksum.OpenAsync(fixture.Db(), ct);
        IReadOnlyDictionary<string, string>? known = null;
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var statuses = new SortedDictionary<int, int>();
        var order = Enumerable.Range(0, routes.Count).ToArray();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && i % ReseedEvery == 0)
            {
                await world.SeedAsync(client, ct);
                known = null;
            }
            if (i % routes.Count == 0)
                Shuffle(order, pcg);
            var route = routes[order[i % routes.Count]];
            var request = requests.For(route);
            known ??= await checksum.ReadAsync(ct);
            var (status, body, contentType, path) = await SendAsync(client, request, ct);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status == PreAppRejection)
                continue;
            var problem = Check(request, path, status, body, contentType);
            if (status >= 400)
            {
                var after = await checksum.ReadAsync(ct);
                var changed = DbChecksum.Changed(known, after);
                if (changed.Count > 0)
                    problem = (problem is null ? "" : problem + "; ") + "failed request changed " + string.Join(", ", changed);
                known = after;
            }
            else
            {
                known = null;
            }
            if (problem is not null && seen.Add($"{route} {status} {problem[..Math.Min(60, problem.Length)]}") && failures.Count < MaxReported)
                failures.Add($"#{i} {route} → {status}: {problem}\n  {request.Describe()}\n  Response: {Truncate(body, 400)}");
        }
        log?.WriteLine($"{count} requests over {routes.Count} routes in {clock.Elapsed.TotalSeconds:F1}s; statuses: "
            + string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}")));
        foreach (var failure in failures)
            log?.WriteLine(failure);
        Assert.True(failures.Count == 0, $"Fuzz on {TDb.Name} (seed {seed}, replay with {SeedVariable}={seed}) found {failures.Count} distinct problem(s):\n\n"
            + string.Join("\n\n", failures));
    }

    /// <summary>Every API route the app maps, one entry per method; fallbacks (any method) once.</summary>
    private List<FuzzRoute> Routes() => fixture.Services.GetServices<EndpointDataSource>().SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
        .Where(e => MlflowRoutes.IsApiPath(e.RoutePattern.RawText?.Split('{')[0]) || (e.RoutePattern.RawText?.StartsWith("/api/{", StringComparison.Ordinal) ?? false)
            || (e.RoutePattern.RawText?.StartsWith("/ajax-api/{", StringComparison.Ordinal) ?? false))
        .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Select(m => new FuzzRoute(m, e.RoutePattern))
            ?? [new FuzzRoute(null, e.RoutePattern)])
        .OrderBy(r => r.ToString(), StringComparer.Ordinal)
        .ToList();

    private static async Task<(int Status, string Body, string? ContentType, string Path)> SendAsync(HttpClient client, FuzzRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Url, UriKind.Relative));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        if (request.Authorization is not null)
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        if (request.Workspace is not null)
            message.Headers.TryAddWithoutValidation("X-MLFLOW-WORKSPACE", request.Workspace);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, ct);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("null characters", StringComparison.Ordinal))
        {
            // The test host decodes the path as Kestrel does, and Kestrel refuses %00 with its own 400 before the app runs.
            return (PreAppRejection, "", null, request.Url);
        }
        using var _ = response;
        // The path the server saw: the client resolves "%2e%2e" segments, so "/ajax-api/%2e%2e/x" is really "/x".
        var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? request.Url;
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.Content.Headers.ContentType?.MediaType, path);
    }

    /// <summary>What is wrong with the answer, or null.</summary>
    private static string? Check(FuzzRequest request, string path, int status, string body, string? contentType)
    {
        if (status == StatusCodes.Status501NotImplemented && request.Url.Contains("/mlflow-artifacts/mpu/", StringComparison.Ordinal)
            && body.Contains("\"NOT_IMPLEMENTED\"", StringComparison.Ordinal))
            return null; // MLflow's protocol answer: clients fall back to a plain PUT on exactly this 501
        if (status >= 500)
            return "server error";
        if (status < 400 || !MlflowRoutes.IsApiPath(path))
            return null;
        if ((status == StatusCodes.Status401Unauthorized && body == AuthResponses.Unauthenticated)
            || (status == StatusCodes.Status403Forbidden && body == AuthResponses.Forbidden))
            return null; // MLflow's auth answers these two in plain text
        if (contentType != "application/json")
            return $"error without the JSON envelope (content type {contentType ?? "none"})";
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            // MLflow serves OTLP ingest with FastAPI: that route's own errors are {"detail": …}, as its exporters expect.
            if (path.Equals(Workspaces.Api.Endpoints.OtlpEndpoints.Path, StringComparison.OrdinalIgnoreCase)
                && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail)
                && detail.ValueKind is JsonValueKind.String or JsonValueKind.Array)
                return null;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("error_code", out var code) || code.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
                return "error body is not {error_code, message}";
            return code.GetString() == "INTERNAL_ERROR" ? "INTERNAL_ERROR envelope" : null;
        }
        catch (JsonException)
        {
            return "error body is not JSON";
        }
    }

    private static void Shuffle(int[] items, PCG pcg)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Gen.Int[0, i].Generate(pcg, null, out _);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}

public sealed class ApiFuzzTests_Sqlite(ApiFixture<SqliteDb, AuthProfile> f) : ApiFuzzTests<SqliteDb>(f);

public sealed class ApiFuzzTests_Postgres(ApiFixture<PostgresDb, AuthProfile> f) : ApiFuzzTests<PostgresDb>(f);

public sealed class ApiFuzzTests_MySql(ApiFixture<MySqlDb, AuthProfile> f) : ApiFuzzTests<MySqlDb>(f);
