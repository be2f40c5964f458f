using Microsoft.EntityFrameworkCore;

namespace Workspaces.Data.Auth;

/// <summary>An account as the admin user list shows it.</summary>
public sealed record UserSummary(long Id, string Username, bool IsAdmin, long CreatedAt, bool SignsInExternally);

/// <summary>
/// The admin UI's user listing. <see cref="UserService.ListAsync"/> keeps the shape of MLflow's API response,
/// which has no creation time and no sign-in kind.
/// </summary>
public sealed class UserDirectory(IDbContextFactory<TrackingDbContext> dbFactory)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Users
            .Select(u => new UserSummary(u.Id, u.Username, u.IsAdmin, u.CreatedAt, u.ExternalSubject != null))
            .ToListAsync(ct);
        // Ordinal order in memory: database collations (ICU) may ignore '-' when sorting.
        return rows.OrderBy(u => u.Username, StringComparer.Ordinal).ToList();
    }
}
