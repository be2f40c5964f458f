using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Data.Errors;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>Expiry, revocation and last-use stamping of personal access tokens, on a clock the test moves.</summary>
public abstract class TokenLifecycleTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private (ServiceProvider Services, ManualClock Clock) Build(int tokenDefaultDays = 0)
    {
        var clock = new ManualClock();
        var services = new ServiceCollection();
        services.AddSingleton(fixture.Settings);
        services.AddSingleton(fixture.Store);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new AuthSettings { Enabled = true, TokenDefaultDays = tokenDefaultDays });
        services.AddWorkspacesData();
        return (services.BuildServiceProvider(), clock);
    }

    private static async Task<Principal> NewUserAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var name = $"tok-{Guid.NewGuid():N}"[..12];
        Assert.True((await users.CreateAsync(name, "token-user-password", Ct)).IsSuccess);
        return (await users.FindAsync(name, Ct))!;
    }

    private static async Task<T> WithTokens<T>(IServiceProvider services, Func<TokenService, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TokenService>());
    }

    [Fact]
    public async Task A_token_works_until_it_expires_and_last_use_is_stamped_at_most_once_a_minute()
    {
        var (services, clock) = Build();
        await using var _ = services;
        var owner = await NewUserAsync(services);
        var created = (await WithTokens(services, t => t.CreateAsync(owner, "nightly", 2, Ct))).Value;
        Assert.Equal(clock.Now.AddDays(2).ToUnixTimeMilliseconds(), created.Info.ExpiresAt);
        Assert.Null(created.Info.LastUsedAt);

        Assert.Equal(owner, await WithTokens(services, t => t.ValidateAsync(created.Token, Ct)));
        var firstUse = clock.Now.ToUnixTimeMilliseconds();
        clock.Now = clock.Now.AddSeconds(30);
        Assert.NotNull(await WithTokens(services, t => t.ValidateAsync(created.Token, Ct)));
        Assert.Equal(firstUse, (await WithTokens(services, t => t.ListAsync(owner.UserId, Ct))).Single().LastUsedAt);
        clock.Now = clock.Now.AddMinutes(2);
        Assert.NotNull(await WithTokens(services, t => t.ValidateAsync(created.Token, Ct)));
        Assert.Equal(clock.Now.ToUnixTimeMilliseconds(), (await WithTokens(services, t => t.ListAsync(owner.UserId, Ct))).Single().LastUsedAt);

        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(created.Info.ExpiresAt!.Value).AddMilliseconds(-1);
        Assert.NotNull(await WithTokens(services, t => t.ValidateAsync(created.Token, Ct)));
        clock.Now = clock.Now.AddMilliseconds(1);
        Assert.Null(await WithTokens(services, t => t.ValidateAsync(created.Token, Ct)));
    }

    [Fact]
    public async Task Revoked_tokens_stop_working_and_only_the_owner_can_revoke()
    {
        var (services, _) = Build();
        await using var __ = services;
        var owner = await NewUserAsync(services);
        var other = await NewUserAsync(services);
        var created = (await WithTokens(services, t => t.CreateAsync(owner, "ci", null, Ct))).Value;
        Assert.Null(created.Info.ExpiresAt);

        var foreign = await WithTokens(services, t => t.RevokeAsync(other, created.Info.Id, Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, foreign.Error!.Code);
        Assert.NotNull(await WithTokens(services, t => t.ValidateAsync(created.Token, Ct)));

        Assert.True((await WithTokens(services, t => t.RevokeAsync(owner, created.Info.Id, Ct))).IsSuccess);
        Assert.Null(await WithTokens(services, t => t.ValidateAsync(created.Token, Ct)));
        Assert.NotNull((await WithTokens(services, t => t.ListAsync(owner.UserId, Ct))).Single().RevokedAt);
        Assert.Null(await WithTokens(services, t => t.ValidateAsync("not-a-token", Ct)));
    }

    [Fact]
    public async Task The_configured_default_lifetime_applies_and_lifetimes_are_bounded()
    {
        var (services, clock) = Build(tokenDefaultDays: 30);
        await using var _ = services;
        var owner = await NewUserAsync(services);
        var created = (await WithTokens(services, t => t.CreateAsync(owner, "default life", null, Ct))).Value;
        Assert.Equal(clock.Now.AddDays(30).ToUnixTimeMilliseconds(), created.Info.ExpiresAt);
        foreach (var days in new[] { 0, -1, 3651 })
            Assert.Equal(ErrorCode.InvalidParameterValue, (await WithTokens(services, t => t.CreateAsync(owner, "bad", days, Ct))).Error!.Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, (await WithTokens(services, t => t.CreateAsync(owner, "", 1, Ct))).Error!.Code);
        Assert.Single(await WithTokens(services, t => t.ListAsync(owner.UserId, Ct)));
    }
}

public sealed class TokenLifecycleTests_Sqlite(DataFixture<SqliteDb> fixture) : TokenLifecycleTests<SqliteDb>(fixture);

public sealed class TokenLifecycleTests_Postgres(DataFixture<PostgresDb> fixture) : TokenLifecycleTests<PostgresDb>(fixture);

public sealed class TokenLifecycleTests_MySql(DataFixture<MySqlDb> fixture) : TokenLifecycleTests<MySqlDb>(fixture);
