using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>An account as lists show it.</summary>
public sealed record UserSummary(long Id, string Username, bool IsAdmin, long CreatedAt, bool SignsInExternally);

/// <summary>Accounts: MLflow's user endpoints' rules, ASP.NET Core's PasswordHasher, and OIDC provisioning.</summary>
public sealed class UserService(
    IDbContextFactory<TrackingDbContext> dbFactory, AuditService audit, TimeProvider time, AccessContext access, SessionService sessions, Authorizer authz,
    GrantCache cache)
{
    public const int MinPasswordLength = 12;
    private static readonly PasswordHasher<User> Hasher = new();

    // An admin removing their own account or role mid-session could leave the server with no admin to undo it.
    private bool IsCaller(string username) => access.AuthEnabled && access.Username == username;

    public static Error NotFound(string username) => Error.NotFound($"User with username={username} not found");

    /// <summary>Creates the configured admin at start if it is missing (two servers starting at once are harmless).</summary>
    public async Task EnsureAdminAsync(string username, string password, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.Username == username, ct))
            return;
        var user = new User { Username = username, IsAdmin = true, CreatedAt = Now() };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            // Another instance created it first.
        }
    }

    public async Task<Result<UserInfo>> CreateAsync(string? username, string? password, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(password))
            return Error.InvalidParameter("Username and password cannot be empty.");
        if (string.IsNullOrEmpty(username))
            return Error.InvalidParameter("Username cannot be empty.");
        if (StoredText.Check(username, "username", StoredText.Username) is { } badName)
            return badName;
        if (PasswordError(password) is { } bad)
            return bad;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AnyAsync(u => u.Username == username, ct))
            return Error.AlreadyExists($"User (username={username}) already exists.");
        var user = new User { Username = username, CreatedAt = Now() };
        user.PasswordHash = Hasher.HashPassword(user, password!);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            return Error.AlreadyExists($"User (username={username}) already exists.");
        }
        await audit.RecordAsync("user.create", "user", username, null, null, new { username, is_admin = false }, ct);
        return await InfoAsync(db, user, ct);
    }

    public async Task<Result<UserInfo>> GetAsync(string username, CancellationToken ct)
    {
        if (authz.SelfOrAdmin(username) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);
        return user is null ? NotFound(username) : await InfoAsync(db, user, ct);
    }

    /// <summary>Every account in id order (MLflow's list), with what the admin page shows besides; nothing for non-admins.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct)
    {
        if (authz.Admin() is not null)
            return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.OrderBy(u => u.Id)
            .Select(u => new UserSummary(u.Id, u.Username, u.IsAdmin, u.CreatedAt, u.ExternalSubject != null)).ToListAsync(ct);
    }

    public async Task<Result> UpdatePasswordAsync(string username, string? password, CancellationToken ct)
    {
        if (authz.SelfOrAdmin(username) is { } denied)
            return denied;
        if (PasswordError(password) is { } bad)
            return bad;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user is null)
            return NotFound(username);
        user.PasswordHash = Hasher.HashPassword(user, password!);
        await db.SaveChangesAsync(ct);
        // Whoever knew the old password may hold a session opened with it.
        var ended = await sessions.EndAllAsync(user.Id, ct);
        await audit.RecordAsync("user.update_password", "user", username, null, null, new { sessions_ended = ended }, ct);
        return Result.Ok;
    }

    public async Task<Result> UpdateAdminAsync(string username, bool isAdmin, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        if (!isAdmin && IsCaller(username))
            return Error.InvalidParameter("You cannot remove your own admin role.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user is null)
            return NotFound(username);
        var before = user.IsAdmin;
        user.IsAdmin = isAdmin;
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("user.update_admin", "user", username, null, new { is_admin = before }, new { is_admin = isAdmin }, ct);
        return Result.Ok;
    }

    /// <summary>Deletes the account; its tokens and grants go with it (cascading keys).</summary>
    public async Task<Result> DeleteAsync(string username, CancellationToken ct)
    {
        if (authz.Admin() is { } denied)
            return denied;
        if (IsCaller(username))
            return Error.InvalidParameter("You cannot delete your own account.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.Users.Where(u => u.Username == username).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct);
        if (id is null)
            return NotFound(username);
        // The rows would go with the account anyway (cascading key); ending them here also evicts this server's cache.
        await sessions.EndAllAsync(id.Value, ct);
        var removed = await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(ct);
        if (removed == 0)
            return NotFound(username);
        await audit.RecordAsync("user.delete", "user", username, null, new { username }, null, ct);
        return Result.Ok;
    }

    /// <summary>Admin accounts whose password is still <paramref name="password"/> (the start-up check for the shipped one).</summary>
    public async Task<IReadOnlyList<string>> AdminsWithPasswordAsync(string password, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var admins = await db.Users.Where(u => u.IsAdmin && u.PasswordHash != null).OrderBy(u => u.Id).ToListAsync(ct);
        return admins.Where(u => Hasher.VerifyHashedPassword(u, u.PasswordHash!, password) != PasswordVerificationResult.Failed)
            .Select(u => u.Username).ToList();
    }

    /// <summary>
    /// A user whose password was verified in the last two seconds, or null: a client sending Basic credentials with every
    /// request (what MLFLOW_TRACKING_USERNAME/PASSWORD do) then pays PBKDF2 and the sign-in throttle's writes once per
    /// two seconds, not per request. Password changes and user removals are audited, which empties the cache.
    /// </summary>
    public Principal? RecentlyVerified(string username, string password) => cache.Password(CredentialKey(username, password));

    /// <summary>The user when the password matches; null otherwise (unknown user or wrong password alike).</summary>
    public async Task<Principal?> AuthenticateAsync(string username, string password, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Username == username, ct);
        if (user?.PasswordHash is null)
            return null;
        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
            return null;
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = Hasher.HashPassword(user, password);
            await db.SaveChangesAsync(ct);
        }
        var principal = new Principal(user.Id, user.Username, user.IsAdmin);
        cache.PutPassword(CredentialKey(username, password), principal);
        return principal;
    }

    // A keyed hash with a secret of this process: the cache never holds a password, nor anything that could be
    // checked against one offline.
    private static readonly byte[] CredentialSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    private static string CredentialKey(string username, string password) => Convert.ToHexString(
        System.Security.Cryptography.HMACSHA256.HashData(CredentialSecret, System.Text.Encoding.UTF8.GetBytes(username + "\0" + password)));

    /// <summary>First OpenID Connect sign-in creates the account; later ones refresh the admin flag from the group claim.</summary>
    public async Task<Principal> ProvisionExternalAsync(string subject, string username, bool isAdmin, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.ExternalSubject == subject, ct)
            ?? await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Username == username && u.ExternalSubject == null && u.PasswordHash == null, ct);
        if (user is null)
        {
            var name = username;
            for (var i = 2; await db.Users.AnyAsync(u => u.Username == name, ct); i++)
                name = $"{username}-{i}"; // never take over a local account with the same name
            user = new User { Username = name, ExternalSubject = subject, IsAdmin = isAdmin, CreatedAt = Now() };
            db.Users.Add(user);
            await db.SaveChangesAsync(ct);
            await audit.RecordAsync("user.provision", "user", name, null, null, new { username = name, is_admin = isAdmin, subject }, ct);
        }
        else if (user.IsAdmin != isAdmin || user.ExternalSubject is null)
        {
            user.IsAdmin = isAdmin;
            user.ExternalSubject = subject;
            await db.SaveChangesAsync(ct);
        }
        return new Principal(user.Id, user.Username, user.IsAdmin);
    }

    public async Task<string?> GetLastWorkspaceAsync(long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Id == userId).Select(u => u.LastWorkspace).FirstOrDefaultAsync(ct);
    }

    /// <summary>Remembers the UI's last workspace; not audited, it is a preference.</summary>
    public async Task SetLastWorkspaceAsync(long userId, string workspace, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == userId && u.LastWorkspace != workspace).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastWorkspace, workspace), ct);
    }

    public async Task<Principal?> FindAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.Username == username).Select(u => new Principal(u.Id, u.Username, u.IsAdmin)).FirstOrDefaultAsync(ct);
    }

    private static Error? PasswordError(string? password) => password is null || password.Length < MinPasswordLength
        ? Error.InvalidParameter("Password must be a string longer than 12 characters.")
        : null;

    private static async Task<UserInfo> InfoAsync(TrackingDbContext db, User user, CancellationToken ct)
    {
        // Grants of every workspace: this is the account's own view, not a workspace listing.
        var experiments = await db.ExperimentPermissions.AcrossAllWorkspaces(CrossWorkspaceReason.AccountGrants).Where(p => p.UserId == user.Id)
            .Select(p => new ExperimentGrant(ExperimentIds.Format(p.ExperimentId), p.UserId, p.Permission)).ToListAsync(ct);
        var models = await db.RegisteredModelPermissions.AcrossAllWorkspaces(CrossWorkspaceReason.AccountGrants).Where(p => p.UserId == user.Id)
            .Select(p => new RegisteredModelGrant(p.Model!.Name, p.UserId, p.Permission, p.Model.Workspace)).ToListAsync(ct);
        return new UserInfo(user.Id, user.Username, user.IsAdmin, experiments, models);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
