using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Entities;

/// <summary>
/// A browser sign-in. The cookie carries the id as a claim; the cookie is only honoured while this row exists,
/// so deleting it (logout, password change, user removal) ends the session on the server, not just in the browser.
/// </summary>
[GlobalEntity("a sign-in belongs to an account, which is server-wide")]
public sealed class UserSession
{
    /// <summary>
    /// Random, 256 bits. Stored as is: the id alone is no credential, the cookie carrying it is encrypted and signed
    /// with the server's data-protection keys.
    /// </summary>
    public required string Id { get; set; }

    public long UserId { get; set; }

    /// <summary>How the user signed in: <c>pwd</c> (the login form) or <c>oidc</c>.</summary>
    public required string Method { get; set; }

    public long CreatedAt { get; set; }

    public long LastSeenAt { get; set; }

    /// <summary>Epoch milliseconds; moved forward as the session is used (the cookie's sliding expiry).</summary>
    public long ExpiresAt { get; set; }

    public User? User { get; set; }
}

/// <summary>
/// Failed sign-ins of one user name or one client address, counted in the database so every replica sees the
/// same count and parallel attempts cannot all slip under the limit.
/// </summary>
[GlobalEntity("counts sign-in attempts, which happen before any workspace is known")]
public sealed class LoginAttempt
{
    /// <summary>SHA-256 of the throttle key: user names sprayed at the server (or passwords typed as one) are not kept.</summary>
    public required string KeyHash { get; set; }

    /// <summary>Attempts reserved in the current window, the one in flight included.</summary>
    public int Failures { get; set; }

    public long WindowStart { get; set; }

    /// <summary>Epoch milliseconds until which the key is locked; 0 when it is not.</summary>
    public long LockedUntil { get; set; }
}
