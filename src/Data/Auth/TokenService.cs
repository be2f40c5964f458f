using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;

namespace Workspaces.Data.Auth;

/// <summary>
/// Personal access tokens (<c>Authorization: Bearer …</c>, what MLFLOW_TRACKING_TOKEN sends): random, shown
/// once, stored as SHA-256 (a token has 256 bits of entropy, so a fast hash is enough), optional expiry,
/// last-used time, revocable. Tokens are managed by their owner only: with auth on, creating, listing and revoking act
/// on the caller's own account and nobody else's (an admin included: a token minted for another account would let its
/// maker act as that user).
/// </summary>
public sealed class TokenService(
    IDbContextFactory<TrackingDbContext> dbFactory, AuditService audit, AuthSettings settings, TimeProvider time, TokenUseStamps stamps,
    AccessContext access, GrantCache cache)
{
    public const string TokenPrefix = "mlw_";

    public async Task<Result<CreatedToken>> CreateAsync(Principal owner, string? name, int? expiresInDays, CancellationToken ct)
    {
        if (NotSelf(owner.UserId) is { } denied)
            return denied;
        if (string.IsNullOrWhiteSpace(name))
            return Error.MissingParameter("name");
        if (StoredText.Check(name, "name", StoredText.TokenName) is { } badName)
            return badName;
        var days = expiresInDays ?? (settings.TokenDefaultDays > 0 ? settings.TokenDefaultDays : null);
        if (days is < 1 or > 3650)
            return Error.InvalidParameter($"Invalid value {days} for parameter 'expires_in_days' supplied. It must be between 1 and 3650");
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var row = new AccessToken
        {
            UserId = owner.UserId, Name = name.Trim(), TokenHash = Hash(token), Prefix = token[..12], CreatedAt = now.ToUnixTimeMilliseconds(),
            ExpiresAt = days is null ? null : now.AddDays(days.Value).ToUnixTimeMilliseconds(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AccessTokens.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("token.create", "token", $"{owner.Username}/{row.Name}", null, null, new { row.Name, row.Prefix, expires_at = row.ExpiresAt }, ct);
        return new CreatedToken(token, ToInfo(row, now.ToUnixTimeMilliseconds()));
    }

    /// <summary>The caller's tokens, newest first (nothing when <paramref name="userId"/> is someone else).</summary>
    public async Task<IReadOnlyList<TokenInfo>> ListAsync(long userId, CancellationToken ct)
    {
        if (NotSelf(userId) is not null)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AccessTokens.Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return rows.Select(t => ToInfo(t, now)).ToList();
    }

    /// <summary>Revokes one of the caller's own tokens.</summary>
    public async Task<Result> RevokeAsync(Principal owner, long tokenId, CancellationToken ct)
    {
        if (NotSelf(owner.UserId) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AccessTokens.AsTracking().FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == owner.UserId, ct);
        if (row is null)
            return Error.NotFound($"Token with id={tokenId} not found");
        row.RevokedAt ??= time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("token.revoke", "token", $"{owner.Username}/{row.Name}", null, null, new { row.Prefix }, ct);
        return Result.Ok;
    }

    /// <summary>The token's owner if the token is known, not revoked and not expired.</summary>
    public async Task<Principal?> ValidateAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
            return null;
        var hash = Hash(token);
        var now = time.GetUtcNow();
        // Revoking a token or changing its owner is audited, which clears the cache on this process.
        var known = cache.Token(hash);
        if (known is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var found = await db.AccessTokens.Where(t => t.TokenHash == hash)
                .Select(t => new { t.Id, t.RevokedAt, t.ExpiresAt, t.UserId, t.User!.Username, t.User.IsAdmin }).FirstOrDefaultAsync(ct);
            if (found is null || found.RevokedAt is not null)
                return null;
            known = new GrantCache.ValidToken(found.Id, new Principal(found.UserId, found.Username, found.IsAdmin), found.ExpiresAt);
            cache.PutToken(hash, known);
        }
        if (known.ExpiresAt is { } expires && expires <= now.ToUnixTimeMilliseconds())
            return null;
        // Last use is written at most once a minute per token: a logging client sends thousands of requests.
        if (!stamps.Written.TryGetValue(known.Id, out var written) || now - written > TimeSpan.FromMinutes(1))
        {
            stamps.Written[known.Id] = now;
            var stamp = now.ToUnixTimeMilliseconds();
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.AccessTokens.Where(t => t.Id == known.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, stamp), ct);
        }
        return known.Owner;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>One rule for sign-in and for what the owner is shown: expired from the expiry instant on.</summary>
    private static TokenState StateAt(long? revokedAt, long? expiresAt, long now) =>
        revokedAt is not null ? TokenState.Revoked : expiresAt is { } expires && expires <= now ? TokenState.Expired : TokenState.Active;

    // The callers pass the signed-in principal; checking it here keeps a wrong owner from reaching another account.
    private Error? NotSelf(long userId) => access.AuthEnabled && access.UserId != userId ? Authorizer.Forbidden : null;

    private static TokenInfo ToInfo(AccessToken t, long now) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, StateAt(t.RevokedAt, t.ExpiresAt, now));
}

/// <summary>When each token's last use was last written; one per host (a singleton), since ids are per database.</summary>
public sealed class TokenUseStamps
{
    public ConcurrentDictionary<long, DateTimeOffset> Written { get; } = new();
}
