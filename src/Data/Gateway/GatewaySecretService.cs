using Microsoft.EntityFrameworkCore;
using Workspaces.Data.Auth;
using Workspaces.Data.Common;
using Workspaces.Data.Entities;
using Workspaces.Data.Errors;
using Workspaces.Data.Gateway.Crypto;
using Workspaces.Data.Tenancy;

namespace Workspaces.Data.Gateway;

/// <summary>
/// API keys of the current workspace. Values are envelope-encrypted (<see cref="SecretCrypto"/>) and never leave this
/// class in clear except through <c>GatewayTargets</c> for a provider call; reads, lists and the audit log see
/// the masked form only. Creating needs EDIT in the workspace (MLflow lets anyone), the creator gets MANAGE.
/// </summary>
public sealed class GatewaySecretService(
    IDbContextFactory<TrackingDbContext> dbFactory, WorkspaceContext workspace, AccessContext caller, Authorizer authz, AccessService access,
    SecretCrypto crypto, GatewaySettings settings, AuditService audit, TimeProvider time)
{
    public async Task<Result<GatewaySecretInfo>> CreateAsync(CreateSecretRequest request, CancellationToken ct)
    {
        if (await authz.WorkspaceAsync(null, AccessLevel.Update, ct) is { } denied)
            return denied;
        if ((GatewayRules.Required(request.SecretName, "secret_name") ?? GatewayRules.Text(request.SecretName, "secret_name", StoredText.GatewayName)
                ?? (request.SecretValue is not { Count: > 0 } ? Error.MissingParameter("secret_value") : null)
                ?? GatewayRules.Map(request.SecretValue, "secret_value") ?? GatewayRules.Map(request.AuthConfig, "auth_config")
                ?? (string.IsNullOrEmpty(request.Provider) ? null : Providers.ProviderCatalog.Validate(request.Provider))
                ?? GatewayRules.Text(request.CreatedBy, "created_by", StoredText.GatewayActor) ?? PassphraseGuard()) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.GatewaySecrets.AnyAsync(s => s.SecretName == request.SecretName, ct))
            return Error.AlreadyExists($"Secret with name '{request.SecretName}' already exists");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var id = GatewayRules.NewId('s');
        var sealedValue = crypto.Encrypt(request.SecretValue!, id, request.SecretName!);
        var row = new GatewaySecret
        {
            SecretId = id, SecretName = request.SecretName!, EncryptedValue = sealedValue.EncryptedValue, WrappedDek = sealedValue.WrappedDek,
            KekVersion = sealedValue.KekVersion, MaskedValue = GatewayRules.ToJson(SecretMasking.Mask(request.SecretValue!))!,
            Provider = request.Provider, AuthConfig = GatewayRules.ToJson(request.AuthConfig), CreatedAt = now, LastUpdatedAt = now,
            CreatedBy = request.CreatedBy, LastUpdatedBy = request.CreatedBy, Workspace = workspace.Name,
        };
        db.GatewaySecrets.Add(row);
        if (caller.AuthEnabled && caller.UserId is { } creator)
            db.GatewaySecretPermissions.Add(new GatewaySecretPermission { SecretId = id, UserId = creator, Permission = Permission.Manage.Name });
        if (await GatewaySave.NewAsync(db, Error.AlreadyExists($"Secret with name '{request.SecretName}' already exists"),
                () => Task.FromResult(Error.WorkspaceNotFound(workspace.Name)), ct) is { } lost)
            return lost;
        var info = ToInfo(row);
        await audit.RecordAsync("gateway.secret.create", "gateway_secret", info.SecretName, workspace.Name, null, info, ct);
        return info;
    }

    public async Task<Result<GatewaySecretInfo>> GetAsync(string? secretId, CancellationToken ct)
    {
        if (GatewayRules.Required(secretId, "secret_id") is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Secret, secretId!, AccessLevel.Read, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.GatewaySecrets.AsNoTracking().FirstOrDefaultAsync(s => s.SecretId == secretId, ct);
        return row is null ? NotFoundErrors.Gateway(GatewayResource.Secret, secretId!) : ToInfo(row);
    }

    /// <summary>An empty value keeps the stored one; an absent or empty auth_config keeps it too (MLflow's REST behaviour).</summary>
    public async Task<Result<GatewaySecretInfo>> UpdateAsync(UpdateSecretRequest request, CancellationToken ct)
    {
        if (GatewayRules.Required(request.SecretId, "secret_id") is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Secret, request.SecretId!, AccessLevel.Update, ct) is { } denied)
            return denied;
        var newValue = request.SecretValue is { Count: > 0 } value ? value : null;
        if ((GatewayRules.Map(newValue, "secret_value") ?? GatewayRules.Map(request.AuthConfig, "auth_config")
                ?? GatewayRules.Text(request.UpdatedBy, "updated_by", StoredText.GatewayActor) ?? (newValue is null ? null : PassphraseGuard())) is { } invalid)
            return invalid;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.GatewaySecrets.AsTracking().FirstOrDefaultAsync(s => s.SecretId == request.SecretId, ct);
        if (row is null)
            return NotFoundErrors.Gateway(GatewayResource.Secret, request.SecretId!);
        var before = ToInfo(row);
        if (newValue is not null)
        {
            var sealedValue = crypto.Encrypt(newValue, row.SecretId, row.SecretName);
            (row.EncryptedValue, row.WrappedDek, row.KekVersion) = (sealedValue.EncryptedValue, sealedValue.WrappedDek, sealedValue.KekVersion);
            row.MaskedValue = GatewayRules.ToJson(SecretMasking.Mask(newValue))!;
        }
        if (request.AuthConfig is { Count: > 0 })
            row.AuthConfig = GatewayRules.ToJson(request.AuthConfig);
        row.LastUpdatedAt = Math.Max(row.CreatedAt, time.GetUtcNow().ToUnixTimeMilliseconds());
        row.LastUpdatedBy = request.UpdatedBy;
        await db.SaveChangesAsync(ct);
        var after = ToInfo(row);
        await audit.RecordAsync("gateway.secret.update", "gateway_secret", row.SecretName, workspace.Name, before, after, ct);
        return after;
    }

    /// <summary>Allowed while definitions use the key: they keep existing without one (MLflow's SET NULL).</summary>
    public async Task<Result> DeleteAsync(string? secretId, CancellationToken ct)
    {
        if (GatewayRules.Required(secretId, "secret_id") is { } missing)
            return missing;
        if (await authz.GatewayAsync(GatewayResource.Secret, secretId!, AccessLevel.Delete, ct) is { } denied)
            return denied;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.GatewaySecrets.AsTracking().FirstOrDefaultAsync(s => s.SecretId == secretId, ct);
        if (row is null)
            return NotFoundErrors.Gateway(GatewayResource.Secret, secretId!);
        // SQLite applies ON DELETE SET NULL only with the definitions loaded or foreign keys on; do it explicitly for both.
        await db.GatewayModelDefinitions.Where(d => d.SecretId == secretId).ExecuteUpdateAsync(u => u.SetProperty(d => d.SecretId, (string?)null), ct);
        db.GatewaySecrets.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync("gateway.secret.delete", "gateway_secret", row.SecretName, workspace.Name, ToInfo(row), null, ct);
        return Result.Ok;
    }

    public async Task<Result<IReadOnlyList<GatewaySecretInfo>>> ListAsync(string? provider, CancellationToken ct)
    {
        var readable = await access.ReadableGatewayAsync(GatewayResource.Secret, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.GatewaySecrets.AsNoTracking();
        if (!string.IsNullOrEmpty(provider))
            query = query.Where(s => s.Provider == provider);
        var rows = await query.OrderBy(s => s.SecretName).ToListAsync(ct);
        return rows.Where(s => readable(s.SecretId)).Select(ToInfo).ToList();
    }

    /// <summary>
    /// MLflow's <c>secrets/config</c>: whether keys can be stored, and — to admins only (MLflow PR #25298) — whether the
    /// development passphrase is in use.
    /// </summary>
    public (bool SecretsAvailable, bool? UsingDefaultPassphrase) Config() =>
        (PassphraseGuard() is null, authz.Admin() is null ? settings.UsesDefaultPassphrase : null);

    public Task<Permission> PermissionAsync(string secretId, CancellationToken ct) => authz.OnGatewayAsync(GatewayResource.Secret, secretId, ct);

    /// <summary>Whether new values may be sealed: not under MLflow's public development passphrase on a reachable bind.</summary>
    public Error? PassphraseGuard() => settings.UsesDefaultPassphrase && settings.PublicBind && !settings.AllowDefaultPassphrase
        ? Error.InvalidParameter("Refusing to store API keys: the server uses MLflow's built-in development passphrase, which anyone can read in MLflow's "
            + "source, and listens on a non-loopback address. Set MLFLOW_CRYPTO_KEK_PASSPHRASE (or Gateway:AllowDefaultPassphrase for a test server).")
        : null;

    internal static GatewaySecretInfo ToInfo(GatewaySecret s) => new(
        s.SecretId, s.SecretName, GatewayRules.FromJson(s.MaskedValue), s.CreatedAt, s.LastUpdatedAt, s.Provider, s.CreatedBy, s.LastUpdatedBy,
        GatewayRules.FromJson(s.AuthConfig));
}
