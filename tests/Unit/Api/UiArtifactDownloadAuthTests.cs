using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workspaces.Data.ArtifactAccess;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Tenancy;
using Workspaces.Tests.Unit.Infrastructure;
using Workspaces.Web.Auth;
using Workspaces.Web.Endpoints;

namespace Workspaces.Tests.Unit.Api;

/// <summary>
/// The UI's download endpoint with auth on (reference mlflow-auth.md §7 world): the sign-in cookie says who asks,
/// READ on the run's experiment decides through the same service decision as the API: whoever may not know the run
/// exists gets the same 404 as for a missing run, anyone else lacking READ the API's 403.
/// </summary>
public sealed class UiArtifactDownloadAuthTests(AuthWorld<SqliteDb> world) : IClassFixture<AuthWorld<SqliteDb>>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServiceProvider Services => world.Host.Services;

    private async Task<string> NotesAsync()
    {
        var path = $"notes-{Guid.NewGuid():N}.txt";
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Bind("team-a");
        var run = await scope.ServiceProvider.GetRequiredService<ArtifactService>().ForRunAsync(world.RunE1, AccessLevel.Update, Ct);
        await run.Value.WriteAsync(path, new MemoryStream("team notes"u8.ToArray()), 10, Ct);
        return path;
    }

    /// <summary>The cookie the login form would set for <paramref name="username"/>, sealed with the app's own keys.</summary>
    private async Task<string> SessionCookieAsync(string username)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserService>().FindAsync(username, Ct) ?? throw new InvalidOperationException(username);
        var options = Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var session = await Services.GetRequiredService<SessionService>().CreateAsync(user.UserId, "pwd", Ct);
        var ticket = new AuthenticationTicket(AuthSetup.SessionPrincipal(user, "pwd", session), CookieAuthenticationDefaults.AuthenticationScheme);
        return $"{AuthSetup.CookieName}={options.TicketDataFormat.Protect(ticket)}";
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? username)
    {
        using var browser = ((TestServer)Services.GetRequiredService<IServer>()).CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (username is not null)
            request.Headers.Add("Cookie", await SessionCookieAsync(username));
        return await browser.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Readers_get_the_file_and_everyone_else_the_same_404()
    {
        var path = await NotesAsync();
        var url = ArtifactDownloads.RunUrl("team-a", world.RunE1, path);

        using var alice = await GetAsync(url, "alice"); // READ on team-a
        using var admin = await GetAsync(url, "admin");
        Assert.Equal("team notes", await alice.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        using var erin = await GetAsync(url, "erin"); // EDIT on E1 only, nothing on team-a: the API serves her too
        Assert.Equal("team notes", await erin.Content.ReadAsStringAsync(Ct));

        using var dave = await GetAsync(url, "dave"); // no grant in team-a
        using var missing = await GetAsync(ArtifactDownloads.RunUrl("team-a", "0123456789abcdef0123456789abcdef", path), "alice");
        Assert.All(new[] { dave, missing }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.DoesNotContain("team notes", await dave.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_may_read_the_workspace_but_not_the_run_gets_the_apis_403()
    {
        var path = await NotesAsync();

        // NO_PERMISSIONS on E1 beats READ on team-a; frank knows the workspace, so the service's answer (as on /get-artifact) is 403.
        using var frank = await GetAsync(ArtifactDownloads.RunUrl("team-a", world.RunE1, path), "frank");

        Assert.Equal(HttpStatusCode.Forbidden, frank.StatusCode);
        var body = await frank.Content.ReadAsStringAsync(Ct);
        Assert.Equal("Permission denied", body); // MLflow's plain 403, as on /get-artifact
        Assert.DoesNotContain("team notes", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_addressed_through_another_workspace_is_404_even_for_someone_who_can_read_both()
    {
        var path = await NotesAsync();
        using var crossed = await GetAsync(ArtifactDownloads.RunUrl("team-b", world.RunE1, path), "admin");
        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);
    }

    [Fact]
    public async Task Without_a_session_the_browser_is_sent_to_sign_in()
    {
        using var anonymous = await GetAsync(ArtifactDownloads.RunUrl("team-a", world.RunE1, "notes.txt"), null);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login?ReturnUrl=%2Fui%2Fworkspaces%2Fteam-a%2F", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
