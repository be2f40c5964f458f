using System.Net;
using System.Text;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Regressions for inputs that answered 500 (found for the "no 500 for client input" issue): undecodable JSON strings,
/// wrongly typed fields read outside the shared reader, crafted page tokens, uploads the store refuses, and
/// bodiless framework errors. Each is a 4xx envelope and changes nothing.
/// </summary>
public abstract class ClientInputTests<TDb>(ApiFixture<TDb, AuthProfile> fixture) : IClassFixture<ApiFixture<TDb, AuthProfile>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuthClient Admin => new AuthClient(fixture.Client, "admin", AuthProfile.AdminPassword).In(null);

    private async Task<int> ExperimentCountAsync() =>
        (await ApiAssert.Ok(await Admin.PostAsync("/api/2.0/mlflow/experiments/search", """{"max_results":1000}""")))
        .TryGetProperty("experiments", out var list) ? list.GetArrayLength() : 0;

    [Theory]
    [InlineData("""{"name":"\ud800"}""")]
    [InlineData("""{"name":"ok","tags":[{"key":"k","value":"a\udc00b"}]}""")]
    [InlineData("""{"name":"ok","\udbff":1}""")]
    [InlineData("\"{\\\"name\\\":\\\"\\\\ud800\\\"}\"")]
    public async Task A_lone_surrogate_in_any_string_is_400_and_changes_nothing(string json)
    {
        var before = await ExperimentCountAsync();
        await ApiAssert.Error(await Admin.PostAsync("/api/2.0/mlflow/experiments/create", json), HttpStatusCode.BadRequest, "BAD_REQUEST",
            "Malformed JSON in request body");
        Assert.Equal(before, await ExperimentCountAsync());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/2.0/mlflow/experiments/create")
        {
            Content = new ByteArrayContent([.. "{\"name\":\"a"u8, 0xff, 0xfe, .. "\"}"u8]),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{AuthProfile.AdminPassword}")));
        await ApiAssert.Error(await fixture.Client.SendAsync(request, Ct), HttpStatusCode.BadRequest, "BAD_REQUEST", "Malformed JSON in request body");
    }

    [Theory]
    [InlineData("""{"username":"alice","permission":5}""")]
    [InlineData("""{"username":["alice"],"permission":"READ"}""")]
    [InlineData("""{"username":"alice","permission":{"level":"READ"}}""")]
    public async Task Wrong_typed_workspace_permission_fields_are_400_and_grant_nothing(string json)
    {
        var ws = Names.Unique("perm");
        await ApiAssert.Ok(await Admin.PostAsync("/api/3.0/mlflow/workspaces", $$"""{"name":"{{ws}}"}"""), HttpStatusCode.Created);
        (await Admin.PostAsync("/api/2.0/mlflow/users/create", """{"username":"alice","password":"alice-password-1"}""")).Dispose(); // may exist already
        await ApiAssert.Error(await Admin.PostAsync($"/api/3.0/mlflow/workspaces/{ws}/permissions", json), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
            "Invalid value");
        var grants = await ApiAssert.Ok(await Admin.GetAsync($"/api/3.0/mlflow/workspaces/{ws}/permissions"));
        Assert.DoesNotContain("alice", grants.GetRawText(), StringComparison.Ordinal);
    }

    public static TheoryData<string> BadTokens => new()
    {
        "e30=", B64("""{"offset": -1}"""), B64("""{"offset": 0}"""), B64("""{"offset": 2147483648}"""), B64("""{"offset": 9223372036854775807}"""),
        B64("""{"offset": 1e309}"""), B64("""{"offset": "5"}"""), B64("null"), B64("[]"),
        Convert.ToBase64String([0xff, 0xfe, 0x7b, 0x00]), "!!!", "abc", "a=b", B64("""{"ExperimentIds": null, "Offset": 1}"""),
        B64("""{"ExperimentIds": [null], "OrderBy": [null], "Offset": 1}"""), B64("""{"ExperimentIds": "x", "Offset": 1}"""),
        B64("""{"Offset": -3}"""), new string('A', 10_000),
    };

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_crafted_page_token_is_400_on_every_paginated_endpoint(string token)
    {
        var experiment = await AuthWorld<TDb>.CreateExperimentAsync(Admin, "tok");
        var run = await AuthWorld<TDb>.CreateRunAsync(Admin, experiment);
        var t = Uri.EscapeDataString(token);
        var calls = new (string Name, Func<Task<HttpResponseMessage>> Call)[]
        {
            ("experiments", () => Admin.PostAsync("/api/2.0/mlflow/experiments/search", $$"""{"page_token":"{{token}}"}""")),
            ("runs", () => Admin.PostAsync("/api/2.0/mlflow/runs/search", $$"""{"experiment_ids":["{{experiment}}"],"page_token":"{{token}}"}""")),
            ("registered models", () => Admin.GetAsync($"/api/2.0/mlflow/registered-models/search?page_token={t}")),
            ("model versions", () => Admin.GetAsync($"/api/2.0/mlflow/model-versions/search?page_token={t}")),
            ("logged models", () => Admin.PostAsync("/api/2.0/mlflow/logged-models/search", $$"""{"experiment_ids":["{{experiment}}"],"page_token":"{{token}}"}""")),
            ("metric history", () => Admin.GetAsync($"/api/2.0/mlflow/metrics/get-history?run_id={run}&metric_key=m&page_token={t}")),
            ("audit events", () => Admin.GetAsync($"/api/3.0/mlflow/audit-events?page_token={t}")),
        };
        foreach (var (name, call) in calls)
        {
            var response = await call();
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {body}");
            Assert.Contains("\"INVALID_PARAMETER_VALUE\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Uploads_the_store_refuses_are_400_on_both_upload_routes()
    {
        var experiment = await AuthWorld<TDb>.CreateExperimentAsync(Admin, "up");
        var run = await AuthWorld<TDb>.CreateRunAsync(Admin, experiment);
        var longName = new string('a', 300);
        var upload = $"/ajax-api/2.0/mlflow/upload-artifact?run_uuid={run}&path=";
        await ApiAssert.Ok(await Admin.SendBytesAsync(HttpMethod.Post, upload + "dir/file.txt", "x"u8.ToArray()));
        foreach (var path in new[] { longName, "dir/file.txt/under-a-file", $"d/{longName}/x" })
        {
            await ApiAssert.Error(await Admin.SendBytesAsync(HttpMethod.Post, upload + path, "x"u8.ToArray()), HttpStatusCode.BadRequest,
                "INVALID_PARAMETER_VALUE", "Cannot write artifact");
        }
        var put = $"/api/2.0/mlflow-artifacts/artifacts/{Names.Unique("put")}/";
        await ApiAssert.Ok(await Admin.SendBytesAsync(HttpMethod.Put, put + "file.txt", "x"u8.ToArray()));
        foreach (var path in new[] { longName, "file.txt/under-a-file" })
        {
            await ApiAssert.Error(await Admin.SendBytesAsync(HttpMethod.Put, put + path, "x"u8.ToArray()), HttpStatusCode.BadRequest,
                "INVALID_PARAMETER_VALUE", "Cannot write artifact");
        }
    }

    [Theory]
    [InlineData("POST", "/get-artifact")]
    [InlineData("DELETE", "/model-versions/get-artifact")]
    public async Task A_framework_error_without_a_body_gets_the_envelope_on_api_paths(string method, string path)
    {
        var response = await Admin.SendAsync(new HttpMethod(method), path, "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await ApiAssert.Error(response, HttpStatusCode.MethodNotAllowed, "ENDPOINT_NOT_FOUND");
    }
}

public sealed class ClientInputTests_Sqlite(ApiFixture<SqliteDb, AuthProfile> f) : ClientInputTests<SqliteDb>(f);

public sealed class ClientInputTests_Postgres(ApiFixture<PostgresDb, AuthProfile> f) : ClientInputTests<PostgresDb>(f);

public sealed class ClientInputTests_MySql(ApiFixture<MySqlDb, AuthProfile> f) : ClientInputTests<MySqlDb>(f);
