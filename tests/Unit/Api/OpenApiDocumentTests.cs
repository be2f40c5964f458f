using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Workspaces.Api.Auth;
using Workspaces.Api.Routing;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The OpenAPI description at <c>/openapi/v1.json</c> (issue 18 §3): MLflow's paths with their request and response shapes,
/// fetched anonymously from a server with auth on. The database does not matter here, so this runs on SQLite only.
/// </summary>
public sealed partial class OpenApiDocumentTests(ApiFixture<SqliteDb, AuthProfile> fixture) : IClassFixture<ApiFixture<SqliteDb, AuthProfile>>
{
    public const string DocumentPath = "/openapi/v1.json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The document, parsed.</summary>
    public static async Task<JsonElement> FetchAsync(HttpClient client)
    {
        using var response = await client.GetAsync(DocumentPath, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    [Fact]
    public async Task The_document_is_valid_openapi_3_and_answers_without_credentials()
    {
        var json = await fixture.Client.GetStringAsync(DocumentPath, Ct);

        var read = OpenApiDocument.Parse(json, "json");

        Assert.NotNull(read.Document);
        Assert.True(read.Diagnostic?.Errors.Count is null or 0, string.Join("\n", read.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        Assert.StartsWith("3.", JsonDocument.Parse(json).RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        // Built anew for each request, concurrently too, from the same declarations: the same text every time.
        var again = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fixture.Client.GetStringAsync(DocumentPath, Ct)));
        Assert.All(again, text => Assert.Equal(json, text));
    }

    [Fact]
    public async Task Log_batch_shows_mlflows_request_fields_its_answer_and_the_error_envelope()
    {
        var doc = await FetchAsync(fixture.Client);

        var post = doc.GetProperty("paths").GetProperty("/api/2.0/mlflow/runs/log-batch").GetProperty("post");
        var request = Resolve(doc, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["metrics", "params", "run_id", "tags"], Names(request.GetProperty("properties")));
        Assert.Equal(["run_id"], request.GetProperty("required").EnumerateArray().Select(r => r.GetString()!));
        var metric = Resolve(doc, request.GetProperty("properties").GetProperty("metrics").GetProperty("items"));
        Assert.Equal(["key", "timestamp", "value"], metric.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal));
        Assert.True(post.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _));
        var error = Resolve(doc, post.GetProperty("responses").GetProperty("4XX").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(["error_code", "message"], Names(error.GetProperty("properties")));
    }

    [Fact]
    public async Task Answers_are_described_with_their_wire_names_and_always_present_members_required()
    {
        var doc = await FetchAsync(fixture.Client);

        var ok = doc.GetProperty("paths").GetProperty("/api/2.0/mlflow/runs/get").GetProperty("get").GetProperty("responses").GetProperty("200");
        var run = Resolve(doc, Resolve(doc, ok.GetProperty("content").GetProperty("application/json").GetProperty("schema")).GetProperty("properties").GetProperty("run"));
        var info = Resolve(doc, run.GetProperty("properties").GetProperty("info"));
        Assert.Contains("run_id", Names(info.GetProperty("properties")));
        Assert.Contains("lifecycle_stage", info.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("end_time", info.GetProperty("required").EnumerateArray().Select(r => r.GetString())); // omitted while unset
        var data = Resolve(doc, run.GetProperty("properties").GetProperty("data"));
        var metric = Resolve(doc, data.GetProperty("properties").GetProperty("metrics").GetProperty("items"));
        Assert.Equal(["number", "string"], metric.GetProperty("properties").GetProperty("value").GetProperty("type").EnumerateArray().Select(t => t.GetString()!)); // "NaN"
    }

    [Fact]
    public async Task A_get_takes_its_fields_from_the_query_and_a_post_from_the_body()
    {
        var doc = await FetchAsync(fixture.Client);

        var search = doc.GetProperty("paths").GetProperty("/api/2.0/mlflow/experiments/search");
        var query = search.GetProperty("get").GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query")
            .ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["filter", "max_results", "order_by", "page_token", "view_type"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("array", query["order_by"].GetProperty("schema").GetProperty("type").GetString());
        var body = Resolve(doc, search.GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Contains("max_results", Names(body.GetProperty("properties")));
        var get = doc.GetProperty("paths").GetProperty("/api/2.0/mlflow/experiments/get").GetProperty("get").GetProperty("parameters");
        var id = get.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "experiment_id");
        Assert.True(id.GetProperty("required").GetBoolean());
    }

    [Fact]
    public async Task Tracking_registry_workspace_auth_and_gateway_paths_are_listed_once_without_the_ajax_twins()
    {
        var doc = await FetchAsync(fixture.Client);

        var paths = Names(doc.GetProperty("paths"));
        foreach (var expected in new[]
                 {
                     "/api/2.0/mlflow/experiments/search", "/api/2.0/mlflow/runs/log-batch", "/api/2.0/mlflow/metrics/get-history",
                     "/api/2.0/mlflow/logged-models/{modelId}", "/api/2.0/mlflow-artifacts/artifacts/{artifactPath}", "/api/2.0/mlflow/registered-models/create",
                     "/api/2.0/mlflow/model-versions/search", "/api/2.0/mlflow/workspaces", "/api/3.0/mlflow/workspaces", "/api/3.0/mlflow/workspaces/{workspaceName}",
                     "/api/2.0/mlflow/users/create", "/api/2.0/mlflow/experiments/permissions/create", "/api/3.0/mlflow/workspaces/{workspaceName}/permissions",
                     "/api/3.0/mlflow/gateway/endpoints/create", "/gateway/{endpointName}/mlflow/invocations", "/api/3.0/mlflow/server-info", "/health",
                 })
        {
            Assert.Contains(expected, paths);
        }
        Assert.DoesNotContain(paths, p => p.StartsWith("/ajax-api/", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith("/openapi", StringComparison.Ordinal) || p.StartsWith("/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_workspace_header_is_described_where_a_workspace_applies_and_tags_group_the_operations()
    {
        var doc = await FetchAsync(fixture.Client);
        var paths = doc.GetProperty("paths");

        bool HasHeader(string path, string method) => paths.GetProperty(path).GetProperty(method).TryGetProperty("parameters", out var ps)
            && ps.EnumerateArray().Any(p => p.GetProperty("in").GetString() == "header" && p.GetProperty("name").GetString() == "X-MLFLOW-WORKSPACE");
        Assert.True(HasHeader("/api/2.0/mlflow/runs/create", "post"));
        Assert.False(HasHeader("/api/3.0/mlflow/workspaces", "get")); // the catalog is not inside a workspace
        Assert.False(HasHeader("/api/3.0/mlflow/server-info", "get"));
        var header = paths.GetProperty("/api/2.0/mlflow/runs/create").GetProperty("post").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "X-MLFLOW-WORKSPACE");
        Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal("Runs", paths.GetProperty("/api/2.0/mlflow/runs/create").GetProperty("post").GetProperty("tags")[0].GetString());
        Assert.Equal("Registered models", paths.GetProperty("/api/2.0/mlflow/registered-models/create").GetProperty("post").GetProperty("tags")[0].GetString());
    }

    /// <summary>
    /// Every API route is in the document with a declared answer, and every body-carrying one with its fields: a new
    /// endpoint without its <c>Shape</c> fails here.
    /// </summary>
    [Fact]
    public async Task Every_api_endpoint_is_documented_with_its_answer_and_its_request_fields()
    {
        var doc = await FetchAsync(fixture.Client);
        var documented = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (Method: m.Name.ToUpperInvariant(), Path: p.Name, Operation: m.Value))).ToList();

        var routes = fixture.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AuthRule>() is not null && PublicRoutes.Template(e)!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => (Method: m, Path: CatchAll().Replace(PublicRoutes.Template(e)!.TrimEnd('/'), "{$1}"))))
            .Distinct().ToList();

        Assert.True(routes.Count > 100, $"only {routes.Count} routes found");
        var missing = routes.Where(r => !documented.Any(d => d.Method == r.Method && d.Path == r.Path)).Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(missing.Count == 0, "Not in the document: " + string.Join(", ", missing));
        var api = documented.Where(d => d.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        var noAnswer = api.Where(d => !d.Operation.GetProperty("responses").EnumerateObject()
            .Any(r => r.Name == "204" || (!r.Name.EndsWith("XX", StringComparison.Ordinal) && r.Value.TryGetProperty("content", out _))))
            .Select(d => $"{d.Method} {d.Path}").ToList();
        Assert.True(noAnswer.Count == 0, "No declared answer: " + string.Join(", ", noAnswer));
        var noFields = api.Where(d => d.Method is "POST" or "PATCH" or "PUT" && !d.Path.Contains("/mpu/", StringComparison.Ordinal)
            && !d.Operation.TryGetProperty("requestBody", out _)).Select(d => $"{d.Method} {d.Path}").ToList();
        Assert.True(noFields.Count == 0, "No request body: " + string.Join(", ", noFields));
    }

    [GeneratedRegex(@"\{\*\*?([^}]+)\}")]
    private static partial Regex CatchAll();

    /// <summary>A <c>$ref</c> followed into <c>components/schemas</c>, or the schema itself.</summary>
    public static JsonElement Resolve(JsonElement doc, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? doc.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;

    public static List<string> Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
}
