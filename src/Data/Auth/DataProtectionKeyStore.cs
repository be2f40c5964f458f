using Workspaces.Data.Entities;
using Workspaces.Data.Store;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Auth;

/// <summary>
/// The Data Protection keys' table, for the host's key repository (which turns the rows into XML elements). Synchronous
/// because the framework's repository interface is: it reads the keys once at start and again only when it rotates them.
/// </summary>
public sealed class DataProtectionKeyStore(StoreConnection store)
{
    public IReadOnlyList<string> ReadAll()
    {
        using var db = store.CreateContext(new WorkspaceContext());
        return db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml).ToList();
    }

    public void Add(string? friendlyName, string xml)
    {
        using var db = store.CreateContext(new WorkspaceContext());
        db.DataProtectionKeys.Add(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = xml });
        db.SaveChanges();
    }
}
