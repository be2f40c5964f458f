using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Entities;

/// <summary>
/// One ASP.NET Data Protection key (its XML as the key manager wrote it). Kept in the database so that every replica
/// and every restart reads the same keys: cookies, antiforgery tokens and sign-in state made by one stay readable by all.
/// The XML holds the key material (encrypted when the operator configures key encryption), so the table is the server's.
/// </summary>
[GlobalEntity("the server's cookie and antiforgery keys, shared by every workspace and replica")]
public sealed class DataProtectionKeyRow
{
    public long Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
