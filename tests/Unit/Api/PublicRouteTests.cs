using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workspaces.Api.Auth;
using Workspaces.Api.Routing;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// Public routes are matched exactly (issue 12 §1): every other API route answers an anonymous caller 401, however
/// a public path is glued onto it. The database does not matter here, so this runs on SQLite only.
/// </summary>
public sealed partial class PublicRouteTests(ApiFixture<SqliteDb, AuthProfile> fixture) : IClassFixture<ApiFixture<SqliteDb, AuthProfile>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] PublicPaths = ["/health", "/api/3.0/mlflow/server-info", "/ajax-api/3.0/mlflow/server-info", "/mlflow/server-info"];

    private List<(string Method, string Template)> ApiRoutes() =>
        fixture.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AuthRule>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]).Select(m => (m, PublicRoutes.Template(e)!)))
            .Distinct().ToList();

    [Fact]
    public void Routes_marked_public_are_exactly_the_public_list()
    {
        var marked = fixture.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AuthRule>()?.Kind == RuleKind.Public)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (m, PublicRoutes.Template(e)!)))
            .ToHashSet();
        Assert.True(marked.SetEquals(PublicRoutes.All), string.Join(", ", marked));
    }

    [Fact]
    public async Task Public_routes_answer_without_credentials()
    {
        foreach (var path in new[] { "/health", "/api/3.0/mlflow/server-info", "/ajax-api/3.0/mlflow/server-info" })
            Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync(path, Ct)).StatusCode);
        // The method is part of the match.
        var post = await fixture.Client.PostAsync("/api/3.0/mlflow/server-info", new StringContent("{}"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    /// <summary>
    /// The Python client (3.4+) probes <c>GET /version</c> once per process and streams spans to <c>/v1/traces</c> only
    /// when the answer parses as a version of at least 3.4.
    /// </summary>
    [Fact]
    public async Task Version_answers_an_MLflow_release_of_at_least_3_4_as_text()
    {
        using var response = await fixture.Client.GetAsync("/version", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var version = Version.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(version >= new Version(3, 4), version.ToString());
    }

    [Fact]
    public async Task Every_other_route_refuses_anonymous_callers_whatever_public_path_is_glued_on()
    {
        var routes = ApiRoutes().Where(r => !PublicRoutes.All.Contains(r)).ToList();
        Assert.True(routes.Count > 80, $"only {routes.Count} routes found");
        var failures = new List<string>();
        foreach (var (method, template) in routes)
        {
            var path = Concrete(template);
            foreach (var suffix in PublicPaths)
            {
                foreach (var target in new[] { path, path + suffix, suffix + path })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = new StringContent("x") };
                    var response = await fixture.Client.SendAsync(request, Ct);
                    // A path that no longer starts like an API path is the UI's: it must not succeed either.
                    var apiShaped = MlflowRoutes.IsApiPath(target);
                    if (apiShaped ? response.StatusCode != HttpStatusCode.Unauthorized : response.IsSuccessStatusCode)
                        failures.Add($"{method} {target} → {(int)response.StatusCode}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task The_reported_anonymous_artifact_writes_are_refused_and_write_nothing()
    {
        const string anon = "/api/2.0/mlflow-artifacts/artifacts/anon/mlflow/server-info";
        var before = Snapshot();
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.PutAsync(anon, new ByteArrayContent("ANON"u8.ToArray()), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.GetAsync(anon, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.DeleteAsync(anon, Ct)).StatusCode);
        var inRun = "/api/2.0/mlflow-artifacts/artifacts/0/0123456789abcdef0123456789abcdef/artifacts/mlflow/server-info";
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client.PutAsync(inRun, new ByteArrayContent("x"u8.ToArray()), Ct)).StatusCode);
        Assert.Equal(before, Snapshot());
    }

    private static string[] Snapshot() => Directory.Exists(LocalArtifactsProfile.Destination)
        ? [.. Directory.EnumerateFileSystemEntries(LocalArtifactsProfile.Destination, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>A request path for a template: each parameter gets a plausible value, a catch-all two segments.</summary>
    private static string Concrete(string template) => Parameter().Replace(template, m => m.Value.Contains("**", StringComparison.Ordinal) ? "x/y" : "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
