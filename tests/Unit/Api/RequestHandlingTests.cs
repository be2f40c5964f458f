using System.Net;
using System.Text;
using Workspaces.Tests.Unit.Infrastructure;
using static Workspaces.Tests.Unit.Infrastructure.HttpTestExtensions;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Workspace resolution from the header (§9 B, the parts without the tracking API) and the transport rules.</summary>
public abstract class RequestHandlingTests<TDb>(ApiFixture<TDb, DefaultProfile> fixture) : IClassFixture<ApiFixture<TDb, DefaultProfile>>
    where TDb : IDatabaseKind
{
    private const string Base = "/api/3.0/mlflow/workspaces";

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unknown_workspace_header_is_404_on_every_endpoint()
    {
        foreach (var path in new[] { Base, "/api/2.0/mlflow/experiments/search", "/ajax-api/2.0/mlflow/anything" })
        {
            await ApiAssert.Error(await Client.SendAsync(Json(HttpMethod.Get, path, null, "nope-ws"), Ct), HttpStatusCode.NotFound,
                "RESOURCE_DOES_NOT_EXIST", "Workspace 'nope-ws' not found");
        }
    }

    [Fact]
    public async Task Invalid_workspace_header_is_400() =>
        await ApiAssert.Error(await Client.SendAsync(Json(HttpMethod.Get, Base, null, "Bad_Name"), Ct), HttpStatusCode.BadRequest,
            "INVALID_PARAMETER_VALUE", "Workspace name 'Bad_Name' must match the pattern");

    [Theory]
    [InlineData("   ")]
    [InlineData("")]
    [InlineData("default")]
    public async Task Blank_or_default_header_binds_the_default_workspace(string header) =>
        await ApiAssert.Ok(await Client.SendAsync(Json(HttpMethod.Get, Base, null, header), Ct));

    [Fact]
    public async Task Header_is_trimmed()
    {
        var name = Names.Unique("trim");
        await ApiAssert.Ok(await Client.SendAsync(Json(HttpMethod.Post, Base, $$"""{"name":"{{name}}"}"""), Ct), HttpStatusCode.Created);
        await ApiAssert.Ok(await Client.SendAsync(Json(HttpMethod.Get, Base, null, $"  {name} "), Ct));
    }

    [Fact]
    public async Task A_deleted_workspace_stops_resolving_at_once()
    {
        var name = Names.Unique("gone");
        await ApiAssert.Ok(await Client.SendAsync(Json(HttpMethod.Post, Base, $$"""{"name":"{{name}}"}"""), Ct), HttpStatusCode.Created);
        await ApiAssert.Ok(await Client.SendAsync(Json(HttpMethod.Get, Base, null, name), Ct));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(Json(HttpMethod.Delete, $"{Base}/{name}", null), Ct)).StatusCode);
        await ApiAssert.Error(await Client.SendAsync(Json(HttpMethod.Get, Base, null, name), Ct), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("/api/3.0/mlflow/server-info")]
    [InlineData("/ajax-api/3.0/mlflow/server-info")]
    public async Task Server_info_skips_workspace_resolution(string path)
    {
        var body = await ApiAssert.Ok(await Client.SendAsync(Json(HttpMethod.Get, path, null, "nope-ws"), Ct));
        Assert.Equal("""{"store_type":"SqlStore","workspaces_enabled":true}""", body.GetRawText());
    }

    [Fact]
    public async Task Health_is_plain_ok()
    {
        var response = await Client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/2.0/mlflow/does-not-exist")]
    [InlineData("POST", "/ajax-api/2.0/mlflow/nothing/here")]
    [InlineData("PUT", "/api/3.0/mlflow/workspaces")]
    public async Task Unknown_api_paths_answer_the_json_404(string method, string path) =>
        await ApiAssert.Error(await Client.SendAsync(Json(new HttpMethod(method), path, method == "GET" ? null : "{}"), Ct),
            HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", "No API endpoint matches");

    [Fact]
    public async Task Malformed_json_is_400_and_changes_nothing()
    {
        var name = Names.Unique("bad");
        await ApiAssert.Error(await Client.SendAsync(Json(HttpMethod.Post, Base, $$"""{"name":"{{name}}" """), Ct),
            HttpStatusCode.BadRequest, "BAD_REQUEST", "Malformed JSON in request body");
        await ApiAssert.Error(await Client.GetAsync($"{Base}/{name}", Ct), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("[1,2]", "The request body must be a JSON object, got list.")]
    [InlineData("42", "The request body must be a JSON object, got int.")]
    public async Task Non_object_json_is_400(string json, string message) =>
        await ApiAssert.Error(await Client.SendAsync(Json(HttpMethod.Post, Base, json), Ct), HttpStatusCode.BadRequest, "BAD_REQUEST", message);

    [Fact]
    public async Task Json_inside_a_string_is_accepted_like_mlflow()
    {
        var name = Names.Unique("str");
        var doubleEncoded = System.Text.Json.JsonSerializer.Serialize($$"""{"name":"{{name}}"}""");
        await ApiAssert.Ok(await Client.SendAsync(Json(HttpMethod.Post, Base, doubleEncoded), Ct), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Wrong_content_type_is_400() =>
        await ApiAssert.Error(await Client.SendAsync(Json(HttpMethod.Post, Base, """{"name":"ct-test"}""").WithContentType("text/plain"), Ct),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Bad Request. Content-Type must be one of [application/json]. Got 'text/plain'.");

    [Fact]
    public async Task Missing_content_type_on_patch_is_400()
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"{Base}/default") { Content = new ByteArrayContent("{}"u8.ToArray()) };
        await ApiAssert.Error(await Client.SendAsync(request, Ct), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Bad Request. Content-Type header is missing.");
    }

    [Fact]
    public async Task Json_with_charset_is_accepted()
    {
        var name = Names.Unique("cs");
        var request = Json(HttpMethod.Post, Base, $$"""{"name":"{{name}}"}""").WithContentType("application/json; charset=utf-8");
        await ApiAssert.Ok(await Client.SendAsync(request, Ct), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Body_over_the_limit_is_400()
    {
        var big = $$"""{"name":"too-big","description":"{{new string('x', 70_000)}}"}""";
        await ApiAssert.Error(await Client.SendAsync(Json(HttpMethod.Post, Base, big), Ct), HttpStatusCode.BadRequest, "BAD_REQUEST",
            "The request body exceeds the limit of 65536 bytes.");
        var chunked = new HttpRequestMessage(HttpMethod.Post, Base) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        await ApiAssert.Error(await Client.SendAsync(chunked, Ct), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Responses_carry_a_request_id() =>
        Assert.True((await Client.GetAsync(Base, Ct)).Headers.Contains("X-Request-Id"));
}

public sealed class RequestHandlingTests_Sqlite(ApiFixture<SqliteDb, DefaultProfile> f) : RequestHandlingTests<SqliteDb>(f);

public sealed class RequestHandlingTests_Postgres(ApiFixture<PostgresDb, DefaultProfile> f) : RequestHandlingTests<PostgresDb>(f);

public sealed class RequestHandlingTests_MySql(ApiFixture<MySqlDb, DefaultProfile> f) : RequestHandlingTests<MySqlDb>(f);
