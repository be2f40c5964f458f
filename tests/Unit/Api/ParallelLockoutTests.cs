using System.Net;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Api;

/// <summary>Auth on with the shipped lockout limit (10) and a long lock, for the parallel lockout tests.</summary>
public sealed class ParallelLockoutProfile : ISettingsProfile
{
    public const int Limit = 10;

    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Auth:Enabled"] = "true",
        ["Auth:AdminPassword"] = AuthProfile.AdminPassword,
        ["Auth:MaxFailedLogins"] = $"{Limit}",
        ["Auth:LockoutSeconds"] = "600",
    };
}

/// <summary>
/// Lockout counting is atomic (issue: security §5): 40 wrong passwords for one user sent at once get at most the
/// limit of 401s (or login-form failures); the rest are refused with 429 without a password check.
/// </summary>
public abstract class ParallelLockoutTests<TDb>(ApiFixture<TDb, ParallelLockoutProfile> fixture) : IClassFixture<ApiFixture<TDb, ParallelLockoutProfile>>
    where TDb : IDatabaseKind
{
    private const int Attempts = 40;

    [Fact]
    public async Task Parallel_wrong_basic_passwords_get_at_most_the_limit_of_401s()
    {
        var client = new AuthClient(fixture.Client, "admin", "wrong-password-99");
        var responses = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(_ => client.GetAsync("/api/3.0/mlflow/workspaces")));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(ParallelLockoutProfile.Limit, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(Attempts - ParallelLockoutProfile.Limit, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // Locked now, even with the right password.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await new AuthClient(fixture.Client, "admin", AuthProfile.AdminPassword).GetAsync("/api/3.0/mlflow/workspaces")).StatusCode);
    }

    [Fact]
    public async Task Parallel_wrong_passwords_on_the_login_form_get_at_most_the_limit_of_failures()
    {
        // Its own address, so the address count of the Basic test does not interfere.
        var browser = new TestBrowser(fixture.Services, IPAddress.Parse("10.20.30.40"));
        var antiforgery = await browser.AntiforgeryAsync("/login");
        var responses = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(_ => browser.PostLoginAsync("nobody-here", "wrong-password-99", antiforgery)));
        Assert.Equal(ParallelLockoutProfile.Limit, responses.Count(r => r.Status == 200 && r.Body.Contains("Wrong user name or password.", StringComparison.Ordinal)));
        Assert.Equal(Attempts - ParallelLockoutProfile.Limit, responses.Count(r => r.Status == 429 && r.Body.Contains("Too many failed sign-in attempts", StringComparison.Ordinal)));
    }
}

public sealed class ParallelLockoutTests_Sqlite(ApiFixture<SqliteDb, ParallelLockoutProfile> fixture) : ParallelLockoutTests<SqliteDb>(fixture);

public sealed class ParallelLockoutTests_Postgres(ApiFixture<PostgresDb, ParallelLockoutProfile> fixture) : ParallelLockoutTests<PostgresDb>(fixture);

public sealed class ParallelLockoutTests_MySql(ApiFixture<MySqlDb, ParallelLockoutProfile> fixture) : ParallelLockoutTests<MySqlDb>(fixture);
