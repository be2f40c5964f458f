using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Errors;
using Workspaces.Data.Store;

namespace Workspaces.Data.Gateway;

/// <summary>
/// Saving a new gateway row. The name check before the insert can lose a race with a concurrent create of the same name,
/// or the workspace or a referenced row can vanish meanwhile: those are the client's duplicate or "not found", never a 500.
/// </summary>
internal static class GatewaySave
{
    public static async Task<Error?> NewAsync(TrackingDbContext db, Error duplicate, Func<Task<Error>> missing, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            return await missing();
        }
        catch (DbUpdateException ex) when (DbErrors.IsConstraintViolation(ex))
        {
            return duplicate;
        }
    }
}
