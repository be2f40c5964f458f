using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway.Crypto;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Gateway;

/// <summary>
/// MLflow's <c>mlflow crypto rotate-kek</c>: every secret's data key is unwrapped with the current key-encryption key
/// (the configured passphrase and the version stored on the row) and wrapped again with the new passphrase and version,
/// in one transaction — one secret that does not decrypt leaves every row as it was. The values' ciphertext stays.
/// </summary>
public sealed class GatewayKeyRotation(IDbContextFactory<TrackingDbContext> dbFactory, GatewaySettings settings)
{
    public async Task<Result<int>> RotateAsync(string newPassphrase, int newVersion, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(newPassphrase))
            return Error.InvalidParameter("The new passphrase must not be empty.");
        if (newVersion < 1)
            return Error.InvalidParameter($"The new KEK version must be at least 1, got {newVersion}.");
        if (newPassphrase == settings.KekPassphrase && newVersion == settings.KekVersion)
            return Error.InvalidParameter("The new passphrase and version are the current ones: nothing to rotate.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var secrets = await db.GatewaySecrets.AsTracking().AcrossAllWorkspaces(CrossWorkspaceReason.KeyRotation).OrderBy(s => s.SecretId).ToListAsync(ct);
        foreach (var secret in secrets)
        {
            var rewrapped = SecretCrypto.RewrapDek(secret.WrappedDek, settings.KekPassphrase, secret.KekVersion, newPassphrase, newVersion);
            if (!rewrapped.IsSuccess)
                return Error.InvalidParameter($"Secret '{secret.SecretName}' ({secret.SecretId}) in workspace '{secret.Workspace}': {rewrapped.Error.Message} "
                    + "Nothing was changed.");
            (secret.WrappedDek, secret.KekVersion) = (rewrapped.Value, newVersion);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return secrets.Count;
    }
}
