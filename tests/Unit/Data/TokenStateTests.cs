using Microsoft.Extensions.DependencyInjection;
using Workspaces.Data;
using Workspaces.Data.Auth;
using Workspaces.Tests.Unit.Infrastructure;

namespace Workspaces.Tests.Unit.Data;

/// <summary>A token's state as its owner is shown it: decided by TokenService on the server's clock, by sign-in's rule.</summary>
public abstract class TokenStateTests<TDb>(DataFixture<TDb> fixture) : IClassFixture<DataFixture<TDb>>
    where TDb : IDatabaseKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Active_until_the_expiry_instant_then_expired_and_revoked_wins()
    {
        var clock = new ManualClock();
        var services = new ServiceCollection();
        services.AddSingleton(fixture.Settings);
        services.AddSingleton(fixture.Store);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new AuthSettings { Enabled = true });
        services.AddWorkspacesData();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        var name = $"state-{Guid.NewGuid():N}"[..14];
        Assert.True((await users.CreateAsync(name, "token-user-password", Ct)).IsSuccess);
        var owner = (await users.FindAsync(name, Ct))!;
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();

        var expiring = (await tokens.CreateAsync(owner, "expiring", 1, Ct)).Value;
        var forever = (await tokens.CreateAsync(owner, "forever", null, Ct)).Value;
        var revoked = (await tokens.CreateAsync(owner, "revoked", 1, Ct)).Value;
        Assert.Equal(TokenState.Active, expiring.Info.State);
        Assert.True((await tokens.RevokeAsync(owner, revoked.Info.Id, Ct)).IsSuccess);

        async Task<Dictionary<string, TokenState>> StatesAsync() => (await tokens.ListAsync(owner.UserId, Ct)).ToDictionary(t => t.Name, t => t.State);

        clock.Now = DateTimeOffset.FromUnixTimeMilliseconds(expiring.Info.ExpiresAt!.Value).AddMilliseconds(-1);
        Assert.Equal(new Dictionary<string, TokenState> { ["expiring"] = TokenState.Active, ["forever"] = TokenState.Active, ["revoked"] = TokenState.Revoked },
            await StatesAsync());
        Assert.NotNull(await tokens.ValidateAsync(expiring.Token, Ct));

        clock.Now = clock.Now.AddMilliseconds(1);
        Assert.Equal(new Dictionary<string, TokenState> { ["expiring"] = TokenState.Expired, ["forever"] = TokenState.Active, ["revoked"] = TokenState.Revoked },
            await StatesAsync());
        Assert.Null(await tokens.ValidateAsync(expiring.Token, Ct));
        Assert.NotNull(await tokens.ValidateAsync(forever.Token, Ct));
    }
}

public sealed class TokenStateTests_Sqlite(DataFixture<SqliteDb> f) : TokenStateTests<SqliteDb>(f);

public sealed class TokenStateTests_Postgres(DataFixture<PostgresDb> f) : TokenStateTests<PostgresDb>(f);

public sealed class TokenStateTests_MySql(DataFixture<MySqlDb> f) : TokenStateTests<MySqlDb>(f);
